package leadrouter.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The single writer. Tasks run one after another on one thread; each adds its writes to the
 * current batch, and the batch is committed in one transaction before any of its tasks is answered.
 * Under load many requests share one commit (group commit); idle, a task commits alone at once.
 *
 * <p>A task that throws is answered with its exception and its writes are dropped; the others in
 * the batch go on. If the commit fails, every task of the batch fails and {@link Listener#rolledBack}
 * lets in-memory state be rebuilt from the store.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Work done on the writer thread. */
    public interface Task<T> {
        T run(Context ctx) throws Exception;
    }

    public interface Listener {
        /** After a batch committed (on the writer thread). */
        default void committed() {
        }

        /** After a batch failed to commit; in-memory state may be ahead of the store. */
        default void rolledBack(RuntimeException cause) {
        }
    }

    /** What a task sees: the batch to add its writes to, and actions to run once they are durable. */
    public static final class Context {
        public final WriteBatch batch = new WriteBatch();
        private final List<Runnable> afterCommit = new ArrayList<>();

        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }
    }

    private record Pending<T>(Task<T> task, CompletableFuture<T> result) {
    }

    private record Done<T>(Pending<T> pending, T value, Context ctx) {
        void complete() {
            pending.result().complete(value);
        }
    }

    private final Store store;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public GroupCommit(Store store, int maxBatch) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name("leadrouter-writer").daemon(false).start(this::loop);
    }

    public void listen(Listener l) {
        listeners.add(l);
    }

    public <T> CompletableFuture<T> submit(Task<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("the writer is stopped"));
            return f;
        }
        queue.add(new Pending<>(task, f));
        return f;
    }

    /** Runs a task and waits until its writes are durable. */
    public <T> T call(Task<T> task) {
        try {
            return submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the writer", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new StoreException(e.getCause().getMessage(), e.getCause());
        }
    }

    public int queued() {
        return queue.size();
    }

    private void loop() {
        List<Pending<?>> taken = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                taken.add(first);
                queue.drainTo(taken, maxBatch - 1);
                runBatch(taken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                log.error("writer loop failed", e);
            } finally {
                taken.clear();
            }
        }
    }

    private void runBatch(List<Pending<?>> taken) {
        WriteBatch batch = new WriteBatch();
        List<Done<?>> done = new ArrayList<>(taken.size());
        for (Pending<?> p : taken) run(p, batch, done);
        if (done.isEmpty()) return;
        try {
            if (!batch.isEmpty()) store.commit(batch);
        } catch (RuntimeException e) {
            log.error("commit of {} tasks failed", done.size(), e);
            for (Done<?> d : done) d.pending().result().completeExceptionally(e);
            for (Listener l : listeners) l.rolledBack(e);
            return;
        }
        for (Listener l : listeners) l.committed();
        for (Done<?> d : done) {
            for (Runnable r : d.ctx().afterCommit) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("after-commit action failed", e);
                }
            }
            d.complete();
        }
    }

    private static <T> void run(Pending<T> p, WriteBatch batch, List<Done<?>> done) {
        Context ctx = new Context();
        try {
            T value = p.task().run(ctx);
            batch.addAll(ctx.batch);
            done.add(new Done<>(p, value, ctx));
        } catch (Exception | Error e) {
            p.result().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
