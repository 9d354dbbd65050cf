package leadrouter.store;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    /** A store whose commit records the batches it got, blocks while a latch is closed, and fails when told to. */
    static final class FakeStore {
        final List<Integer> committedSizes = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failNext;
        final Store store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class}, (p, m, args) -> {
            switch (m.getName()) {
                case "commit" -> {
                    gate.await(10, TimeUnit.SECONDS);
                    if (failNext) {
                        failNext = false;
                        throw new StoreException("disk full");
                    }
                    committedSizes.add(((WriteBatch) args[0]).events.size());
                    return null;
                }
                case "close" -> { return null; }
                default -> throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    private static GroupCommit.Task<String> event(String name) {
        return ctx -> {
            ctx.batch.events.add(Rows.AuditEvent.of(null, name, Instant.EPOCH, 1, "{}"));
            return name;
        };
    }

    @Test
    void tasksWaitingTogetherShareOneCommitAndAreAnsweredOnlyAfterIt() throws Exception {
        FakeStore fake = new FakeStore();
        fake.gate = new CountDownLatch(1);
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            CompletableFuture<String> first = gc.submit(event("first"));
            List<CompletableFuture<String>> rest = new ArrayList<>();
            Thread.sleep(100); // the first batch is now being committed, blocked on the gate
            for (int i = 0; i < 50; i++) rest.add(gc.submit(event("e" + i)));
            Thread.sleep(100);
            assertThat(first).isNotDone();
            assertThat(rest).noneMatch(CompletableFuture::isDone);
            fake.gate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            for (CompletableFuture<String> f : rest) f.get(10, TimeUnit.SECONDS);
            // The 50 waiting tasks were prepared while the first batch was written: one more commit, not 50.
            assertThat(fake.committedSizes).containsExactly(1, 50);
        }
    }

    @Test
    void aFailedCommitFailsItsBatchAndTheOnePreparedOnTopThenWritingGoesOn() throws Exception {
        FakeStore fake = new FakeStore();
        AtomicInteger rollbacks = new AtomicInteger();
        List<Long> announced = new CopyOnWriteArrayList<>();
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            gc.listen(new GroupCommit.Listener() {
                @Override
                public void committed(long batch) {
                    announced.add(batch);
                }

                @Override
                public void rolledBack(RuntimeException cause) {
                    rollbacks.incrementAndGet();
                }
            });
            assertThat(gc.call(event("ok"))).isEqualTo("ok");
            fake.gate = new CountDownLatch(1);
            fake.failNext = true;
            CompletableFuture<String> doomed = gc.submit(event("doomed"));
            Thread.sleep(100);
            CompletableFuture<String> onTop = gc.submit(event("on top"));
            Thread.sleep(100);
            fake.gate.countDown();
            assertThatThrownBy(() -> doomed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk full");
            assertThatThrownBy(() -> onTop.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk full");
            assertThat(gc.call(event("after"))).isEqualTo("after");
            assertThat(rollbacks.get()).isEqualTo(1);
            assertThat(fake.committedSizes).containsExactly(1, 1);
            assertThat(announced).isNotEmpty().isSorted();
        }
    }

    @Test
    void aTaskThatThrowsFailsAloneAndItsWritesAreDropped() throws Exception {
        FakeStore fake = new FakeStore();
        fake.gate = new CountDownLatch(1);
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            CompletableFuture<String> blocker = gc.submit(event("blocker"));
            Thread.sleep(100);
            CompletableFuture<String> good = gc.submit(event("good"));
            CompletableFuture<String> bad = gc.submit(ctx -> {
                ctx.batch.events.add(Rows.AuditEvent.of(null, "half", Instant.EPOCH, 1, "{}"));
                throw new IllegalStateException("broken task");
            });
            fake.gate.countDown();
            blocker.get(10, TimeUnit.SECONDS);
            assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo("good");
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("broken task");
            assertThat(fake.committedSizes).containsExactly(1, 1);
        }
    }
}
