package leadrouter.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The single writer. Tasks run one after another on the writer thread; each adds its writes to
 * the current batch. A batch is committed in one transaction before any of its tasks is answered:
 * under load many requests share one commit (group commit). Four threads form a pipeline: the
 * writer prepares the next batch while the committer applies the previous one ({@link Store#stage}),
 * the syncer makes the ones before it durable, with one sync for every batch staged meanwhile, and
 * the answerer answers the durable ones (so the next sync starts while they are answered).
 * A store that journals a batch before applying it (the embedded store) hands the batch's sync over
 * first, so that the disk syncs while the batch is applied.
 * When the committer has nothing in hand and no task waits, the writer applies its batch itself
 * (if the store's apply does not wait for the disk, {@link Store#syncsApart}): a lone lead then
 * skips one hand-over between threads. Answers go out in batch order.
 *
 * <p>A task that throws is answered with its exception and its writes are dropped; the others in
 * the batch go on. If a commit fails, that batch and every batch prepared after it fail, and
 * {@link Listener#rolledBack} (on the writer thread) lets in-memory state be rebuilt from the store.
 * If a sync fails, what the disk holds is unknown: every batch after the last one synced fails,
 * from then on (the embedded store refuses writes until a restart replays its journal).
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Work done on the writer thread. */
    public interface Task<T> {
        T run(Context ctx) throws Exception;
    }

    /** Called on the writer thread, between tasks. */
    public interface Listener {
        /** Every batch numbered up to {@code batch} is durable. */
        default void committed(long batch) {
        }

        /** Every batch after the last committed one failed; in-memory state may be ahead of the store. */
        default void rolledBack(RuntimeException cause) {
        }
    }

    /** Told of every durable batch, on the answerer thread: keep it cheap. */
    public interface CommitObserver {
        void committed(int tasks, long nanos);
    }

    /** Where a task's time goes between its submission and its answer, one after the other. */
    public enum Stage {
        /** In the queue until the writer takes it. */
        QUEUED,
        /** Run by the writer. */
        RUNNING,
        /** In the writer's open batch until the committer is free to take it (or the writer applies it). */
        WAITING_FOR_COMMITTER,
        /** Its batch applied to the store, by the committer or the writer (the batch's whole time: the task waits for all of it). */
        COMMITTING,
        /** From applied to durable: the sync, or what is left of it if it began while the batch was applied. */
        SYNCING,
        /** From durable to answered: after-commit actions and the answers of the tasks before it. */
        ANSWERING
    }

    /** What a task sees: its batch's number, the writes to add, and actions to run once they are durable. */
    public static final class Context {
        public final WriteBatch batch = new WriteBatch();
        public final long number;
        private final List<Runnable> afterCommit = new ArrayList<>();

        Context(long number) {
            this.number = number;
        }

        /** Runs once the batch is durable, before its tasks are answered, on the answerer thread (batches in order). */
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }
    }

    private static final class Pending<T> {
        final Task<T> task;
        final CompletableFuture<T> result;
        final long submittedAt = System.nanoTime();
        // Written by the writer; read by the answerer, after hand-overs through queues.
        long startedAt;
        long ranAt;

        Pending(Task<T> task, CompletableFuture<T> result) {
            this.task = task;
            this.result = result;
        }
    }

    private record Done<T>(Pending<T> pending, T value, Context ctx) {
        void complete() {
            pending.result.complete(value);
        }

        void fail(Throwable e) {
            pending.result.completeExceptionally(e);
        }
    }

    private record Sealed(long number, WriteBatch batch, List<Done<?>> done) {
    }

    /** What the committer (or the writer) hands the syncer, in batch order. */
    private sealed interface Handed permits Journaled, Staged {
    }

    /** What the syncer hands the answerer, in order: the batches, and how far they are durable. */
    private sealed interface Answerable permits Staged, Synced {
    }

    /** Every batch through {@code through} is durable (or, with {@code failure}, its sync failed). */
    private record Synced(long through, long at, RuntimeException failure) implements Answerable {
    }

    /** A batch's journal record is written and its sync may start, while the batch is still being applied. */
    private record Journaled(long number, Store.Staged sync) implements Handed {
    }

    /** A batch the committer has applied ({@code durable} set) or failed ({@code failed} set). */
    private record Staged(Sealed sealed, Store.Staged durable, RuntimeException failed, long startNanos,
                          long endNanos) implements Handed, Answerable {
        long number() {
            return sealed.number();
        }
    }

    private final Store store;
    private final int maxBatch;
    private final boolean stageWhenIdle;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /** Hands a batch to the committer the moment it is free; until then the writer keeps filling it. */
    private final java.util.concurrent.SynchronousQueue<Sealed> sealed = new java.util.concurrent.SynchronousQueue<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile CommitObserver observer = (tasks, nanos) -> {
    };
    private final BlockingQueue<Handed> staged = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answerable> toAnswer = new LinkedBlockingQueue<>();
    private final LongAdder[] stageNanos = new LongAdder[Stage.values().length];
    private final LongAdder answered = new LongAdder();
    private final Thread writer;
    private final Thread committer;
    private final Thread syncer;
    private final Thread answerer;
    private volatile boolean running = true;
    private volatile boolean committerRunning = true;
    private volatile boolean syncerRunning = true;
    private volatile boolean answererRunning = true;

    // Set by the answerer (failure by the committer and the syncer too).
    private volatile long committedThrough;
    private volatile long failedThrough;
    private volatile RuntimeException failure;
    /** The newest batch handed to the syncer (by the committer, or the writer applying it itself). */
    private volatile long stagedThrough;
    // Writer thread only.
    private long sealedThrough;
    private long announcedThrough;

    /** Stages a batch on the writer when the committer is idle if the store syncs apart ({@link Store#syncsApart}). */
    public GroupCommit(Store store, int maxBatch) {
        this(store, maxBatch, store.syncsApart());
    }

    /** With {@code stageWhenIdle} false every batch goes through the committer. */
    public GroupCommit(Store store, int maxBatch, boolean stageWhenIdle) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.stageWhenIdle = stageWhenIdle;
        for (int i = 0; i < stageNanos.length; i++) stageNanos[i] = new LongAdder();
        // Every acknowledgement passes through these threads; where the JVM may set OS
        // priorities (-XX:ThreadPriorityPolicy=1 with CAP_SYS_NICE) they get a core first.
        this.writer = Thread.ofPlatform().name("leadrouter-writer").priority(Thread.MAX_PRIORITY).start(this::writeLoop);
        this.committer = Thread.ofPlatform().name("leadrouter-committer").priority(Thread.MAX_PRIORITY).start(this::commitLoop);
        this.syncer = Thread.ofPlatform().name("leadrouter-syncer").priority(Thread.MAX_PRIORITY).start(this::syncLoop);
        this.answerer = Thread.ofPlatform().name("leadrouter-answerer").priority(Thread.MAX_PRIORITY).start(this::answerLoop);
    }

    public void listen(Listener l) {
        listeners.add(l);
    }

    public void observe(CommitObserver o) {
        observer = o;
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

    /** Nanoseconds that the tasks answered so far spent in a stage, summed. */
    public long stageNanos(Stage stage) {
        return stageNanos[stage.ordinal()].sum();
    }

    /** Tasks answered after their batch became durable (the ones {@link #stageNanos} covers). */
    public long tasksAnswered() {
        return answered.sum();
    }

    /** The batch the writer is filling while the committer writes the previous one. */
    private static final class Open {
        final long number;
        final WriteBatch batch = new WriteBatch();
        final List<Done<?>> done = new ArrayList<>();
        int tasks;

        Open(long number) {
            this.number = number;
        }
    }

    private void writeLoop() {
        List<Pending<?>> taken = new ArrayList<>(maxBatch);
        Open open = null;
        long numbers = 0;
        while (running || !queue.isEmpty() || open != null) {
            try {
                announce();
                if (failure != null) {
                    // Prepared on top of a batch that failed: it fails too. Then state is rebuilt before more work.
                    if (open != null) for (Done<?> d : open.done) d.fail(failure);
                    open = null;
                    recover();
                    continue;
                }
                if (open == null || open.tasks < maxBatch) {
                    // With a batch open, take what is there without waiting: the committer may be free.
                    Pending<?> first = open == null ? queue.poll(20, TimeUnit.MILLISECONDS) : queue.poll();
                    if (first != null) {
                        taken.add(first);
                        queue.drainTo(taken, maxBatch - 1 - (open == null ? 0 : open.tasks));
                        if (open == null) open = new Open(++numbers);
                        for (Pending<?> p : taken) run(p, open);
                        taken.clear();
                    }
                }
                if (failure != null) continue; // the batch just filled is failed at the top of the loop
                if (open != null && open.done.isEmpty() && open.tasks > 0 && queue.isEmpty()) {
                    open = null; // every task of it failed alone: nothing to write
                } else if (open != null && !open.done.isEmpty() && stageWhenIdle && queue.isEmpty()
                        && stagedThrough == sealedThrough) {
                    // The committer is idle: waking it would only add a hand-over. Batches stay in order.
                    sealedThrough = open.number;
                    stage(new Sealed(open.number, open.batch, open.done));
                    open = null;
                } else if (open != null && !open.done.isEmpty()
                        && sealed.offer(new Sealed(open.number, open.batch, open.done), 200, TimeUnit.MICROSECONDS)) {
                    sealedThrough = open.number;
                    open = null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                log.error("writer loop failed", e);
            }
        }
        committerRunning = false;
    }

    /** Tells the listeners, on this thread, how far the committer got. */
    private void announce() {
        long through = committedThrough;
        if (through > announcedThrough) {
            announcedThrough = through;
            for (Listener l : listeners) l.committed(through);
        }
    }

    /** After a failed commit: waits until every batch handed over has failed, then lets state be rebuilt. */
    private void recover() throws InterruptedException {
        while (failedThrough < sealedThrough) Thread.sleep(1);
        RuntimeException cause = failure;
        for (Listener l : listeners) l.rolledBack(cause);
        failure = null;
    }

    private static <T> void run(Pending<T> p, Open open) {
        Context ctx = new Context(open.number);
        open.tasks++;
        p.startedAt = System.nanoTime();
        try {
            T value = p.task.run(ctx);
            p.ranAt = System.nanoTime();
            open.batch.addAll(ctx.batch);
            open.done.add(new Done<>(p, value, ctx));
        } catch (Exception | Error e) {
            p.result.completeExceptionally(e);
        }
    }

    private void commitLoop() {
        while (committerRunning) {
            Sealed s;
            try {
                s = sealed.poll(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (s != null) stage(s);
        }
        syncerRunning = false;
    }

    /** Applies a batch to the store and hands it to the syncer; on the committer, or the writer when the committer is idle. */
    private void stage(Sealed s) {
        long start = System.nanoTime();
        RuntimeException failed = failure;
        Store.Staged durable = null;
        if (failed == null) {
            try {
                durable = s.batch().isEmpty() ? Store.Staged.DURABLE
                        : store.stage(s.batch(), sync -> staged.add(new Journaled(s.number(), sync)));
            } catch (RuntimeException e) {
                log.error("commit of {} tasks failed", s.done().size(), e);
                failed = e;
                failure = e; // batches after it fail too, until the writer has recovered
            }
        }
        staged.add(new Staged(s, durable, failed, start, System.nanoTime()));
        stagedThrough = s.number();
    }

    /**
     * Syncs what is handed over and tells the answerer how far it is durable. A store that
     * journals a batch before applying it ({@link Store#stage(WriteBatch, java.util.function.Consumer)})
     * hands its sync over first: the disk then syncs while the batch is applied. One sync, of the
     * newest record written, makes every batch before it durable too.
     */
    private void syncLoop() {
        List<Handed> taken = new ArrayList<>();
        Store.Staged toSync = null;
        long toSyncNumber = 0;
        long journaledThrough = 0;
        boolean syncFailed = false;
        while (syncerRunning || !staged.isEmpty()) {
            try {
                // With a sync to do, take only what is already there.
                if (toSync == null) {
                    Handed first = staged.poll(20, TimeUnit.MILLISECONDS);
                    if (first != null) taken.add(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            staged.drainTo(taken);
            for (Handed h : taken) {
                switch (h) {
                    case Journaled j -> {
                        toSync = j.sync();
                        toSyncNumber = journaledThrough = j.number();
                    }
                    case Staged b -> {
                        toAnswer.add(b);
                        // Not journaled ahead (a batch with nothing to sync cannot stand in for the ones before it).
                        if (b.durable() != null && b.durable() != Store.Staged.DURABLE && b.number() > journaledThrough) {
                            toSync = b.durable();
                            toSyncNumber = journaledThrough = b.number();
                        }
                    }
                }
            }
            taken.clear();
            if (toSync != null) {
                if (!syncFailed) {
                    try {
                        toSync.sync();
                        toAnswer.add(new Synced(toSyncNumber, System.nanoTime(), null));
                    } catch (RuntimeException e) {
                        log.error("sync through batch {} failed", toSyncNumber, e);
                        syncFailed = true; // the store refuses writes from here on; every later batch fails
                        failure = e;
                        toAnswer.add(new Synced(toSyncNumber, System.nanoTime(), e));
                    }
                }
                toSync = null;
            }
        }
        answererRunning = false;
    }

    /**
     * Answers the batches applied and durable, in order, on a thread of its own so that the
     * syncer starts the next sync while the tasks of the last one are answered.
     */
    private void answerLoop() {
        List<Answerable> taken = new ArrayList<>();
        ArrayDeque<Staged> applied = new ArrayDeque<>();
        long durableThrough = 0;
        long synced = System.nanoTime();
        RuntimeException syncFailure = null;
        while (answererRunning || !toAnswer.isEmpty()) {
            try {
                Answerable first = toAnswer.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                taken.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            toAnswer.drainTo(taken);
            for (Answerable a : taken) {
                switch (a) {
                    case Staged b -> applied.add(b);
                    case Synced done -> {
                        if (done.failure() != null) syncFailure = done.failure();
                        else durableThrough = done.through();
                        synced = done.at();
                    }
                }
            }
            taken.clear();
            // Answered in order: a batch whose record is not synced yet holds back the ones after it.
            while (!applied.isEmpty()) {
                Staged b = applied.peekFirst();
                boolean durable = b.number() <= durableThrough
                        || (b.durable() == Store.Staged.DURABLE && syncFailure == null);
                if (b.failed() != null) fail(b.sealed(), b.failed());
                else if (durable) answer(b, Math.max(synced, b.endNanos()));
                else if (syncFailure != null) fail(b.sealed(), syncFailure);
                else break;
                applied.removeFirst();
            }
        }
    }

    private void fail(Sealed s, RuntimeException cause) {
        for (Done<?> d : s.done()) d.fail(cause);
        failedThrough = s.number();
    }

    private void answer(Staged b, long synced) {
        Sealed s = b.sealed();
        int n = s.done().size();
        observer.committed(n, synced - b.startNanos());
        committedThrough = s.number();
        // Counted before the answers, so a task's own waiter sees it counted (all but its answering).
        long queued = 0;
        long running = 0;
        long waiting = 0;
        for (Done<?> d : s.done()) {
            queued += d.pending().startedAt - d.pending().submittedAt;
            running += d.pending().ranAt - d.pending().startedAt;
            waiting += b.startNanos() - d.pending().ranAt;
        }
        stageNanos[Stage.QUEUED.ordinal()].add(queued);
        stageNanos[Stage.RUNNING.ordinal()].add(running);
        stageNanos[Stage.WAITING_FOR_COMMITTER.ordinal()].add(waiting);
        stageNanos[Stage.COMMITTING.ordinal()].add(n * (b.endNanos() - b.startNanos()));
        stageNanos[Stage.SYNCING.ordinal()].add(n * (synced - b.endNanos()));
        answered.add(n);
        long answering = 0;
        for (Done<?> d : s.done()) {
            for (Runnable r : d.ctx().afterCommit) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("after-commit action failed", e);
                }
            }
            d.complete();
            answering += System.nanoTime() - synced;
        }
        stageNanos[Stage.ANSWERING.ordinal()].add(answering);
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
            committer.join(10_000);
            syncer.join(10_000);
            answerer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
