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

    /** Every batch through the committer and the syncer, even when the writer could commit it itself. */
    private static final boolean PIPELINE = false;

    /**
     * A store whose stage records the batches it got, blocks while a latch is closed, and fails when
     * told to; the sync of what it staged blocks on a second latch, counts itself and can fail too.
     */
    static final class FakeStore {
        final List<Integer> committedSizes = new CopyOnWriteArrayList<>();
        /** For each sync: how many batches had been staged when it passed the sync gate. */
        final List<Integer> syncedThrough = new CopyOnWriteArrayList<>();
        /** Syncs called so far, counted before the sync gate. */
        final java.util.concurrent.atomic.AtomicInteger syncsCalled = new java.util.concurrent.atomic.AtomicInteger();
        /** Stages called so far, counted before the gate. */
        final java.util.concurrent.atomic.AtomicInteger stagesCalled = new java.util.concurrent.atomic.AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile CountDownLatch syncGate = new CountDownLatch(0);
        volatile boolean failNext;
        /** The threads that staged and synced, in call order. */
        final List<String> stagedOn = new CopyOnWriteArrayList<>();
        final List<String> syncedOn = new CopyOnWriteArrayList<>();
        volatile boolean failNextSync;
        /** What the store says of {@link Store#syncsApart}. */
        volatile boolean syncsApart = true;
        /** Hands the batch's sync over before the stage gate, as a store that journals first does. */
        volatile boolean journalsFirst;
        final Store store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class}, (p, m, args) -> {
            switch (m.getName()) {
                case "stage" -> {
                    stagesCalled.incrementAndGet();
                    stagedOn.add(Thread.currentThread().getName());
                    Store.Staged sync = sync();
                    if (journalsFirst && args.length == 2) {
                        @SuppressWarnings("unchecked")
                        var journaled = (java.util.function.Consumer<Store.Staged>) args[1];
                        journaled.accept(sync);
                    }
                    gate.await(10, TimeUnit.SECONDS);
                    if (failNext) {
                        failNext = false;
                        throw new StoreException("disk full");
                    }
                    committedSizes.add(((WriteBatch) args[0]).events.size());
                    return sync;
                }
                case "close" -> { return null; }
                case "syncsApart" -> { return syncsApart; }
                default -> throw new UnsupportedOperationException(m.getName());
            }
        });

        private Store.Staged sync() {
            return () -> {
                syncsCalled.incrementAndGet();
                syncedOn.add(Thread.currentThread().getName());
                try {
                    syncGate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                syncedThrough.add(committedSizes.size());
                if (failNextSync) {
                    failNextSync = false;
                    throw new StoreException("sync failed");
                }
            };
        }
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
        Recorder recorded = new Recorder();
        try (GroupCommit gc = new GroupCommit(fake.store, 512, PIPELINE)) {
            gc.listen(recorded);
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
            assertThat(recorded.rollbacks.get()).isEqualTo(1);
            assertThat(fake.committedSizes).containsExactly(1, 1);
            assertThat(recorded.announced).isNotEmpty().isSorted();
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

    @Test
    void batchesAreAppliedWhileAnEarlierOneSyncsAndOneSyncThenCoversThemAll() throws Exception {
        FakeStore fake = new FakeStore();
        fake.syncGate = new CountDownLatch(1);
        try (GroupCommit gc = new GroupCommit(fake.store, 512, PIPELINE)) {
            CompletableFuture<String> first = gc.submit(event("first"));
            awaitStaged(fake, 1);
            // Else the syncer could still be about to take it, and take the next batch with it.
            awaitSyncsCalled(fake, 1); // its sync is now blocked on the gate
            CompletableFuture<String> second = gc.submit(event("second"));
            awaitStaged(fake, 2);
            CompletableFuture<String> third = gc.submit(event("third"));
            awaitStaged(fake, 3);
            assertThat(List.of(first, second, third)).noneMatch(CompletableFuture::isDone);
            fake.syncGate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("third");
            // The first batch's sync, then one for the two staged while it ran.
            assertThat(fake.committedSizes).containsExactly(1, 1, 1);
            assertThat(fake.syncedThrough).containsExactly(3, 3);
        }
    }

    @Test
    void anEmptyBatchStagedLastDoesNotSpareTheSyncOfTheBatchesBeforeIt() throws Exception {
        FakeStore fake = new FakeStore();
        fake.syncGate = new CountDownLatch(1);
        try (GroupCommit gc = new GroupCommit(fake.store, 512, PIPELINE)) {
            CompletableFuture<String> first = gc.submit(event("first"));
            awaitStaged(fake, 1);
            // Else the syncer could still be about to take it, and take the next batch with it.
            awaitSyncsCalled(fake, 1); // its sync is now blocked on the gate
            CompletableFuture<String> second = gc.submit(event("second"));
            awaitStaged(fake, 2);
            CountDownLatch ran = new CountDownLatch(1);
            CompletableFuture<String> empty = gc.submit(ctx -> {
                ran.countDown();
                return "nothing to write";
            });
            ran.await(10, TimeUnit.SECONDS);
            Thread.sleep(100); // handed to the committer and queued behind the second batch
            fake.syncGate.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            empty.get(10, TimeUnit.SECONDS);
            // The first sync, then the second batch's own: the empty batch has none to offer.
            assertThat(fake.syncedThrough).containsExactly(2, 2);
        }
    }

    @Test
    void aFailedSyncFailsEveryBatchItCoversAndEveryLaterOne() throws Exception {
        FakeStore fake = new FakeStore();
        Recorder recorded = new Recorder();
        try (GroupCommit gc = new GroupCommit(fake.store, 512, PIPELINE)) {
            gc.listen(recorded);
            assertThat(gc.call(event("ok"))).isEqualTo("ok");
            fake.syncGate = new CountDownLatch(1);
            fake.failNextSync = true;
            CompletableFuture<String> doomed = gc.submit(event("doomed"));
            awaitStaged(fake, 2);
            CompletableFuture<String> stagedBehind = gc.submit(event("staged behind"));
            awaitStaged(fake, 3);
            fake.syncGate.countDown();
            assertThatThrownBy(() -> doomed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("sync failed");
            // Its own sync would succeed, but it was prepared on top of a batch that failed.
            assertThatThrownBy(() -> stagedBehind.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("sync failed");
            assertThat(fake.syncedThrough).containsExactly(1, 3);
            // What the disk holds after a failed sync is unknown: every later batch fails too.
            assertThatThrownBy(() -> gc.call(event("after"))).hasMessage("sync failed");
            assertThat(fake.syncedThrough).containsExactly(1, 3);
            // The writer fails a batch before it tells its listeners to roll back: wait for the telling.
            awaitRollback(recorded);
        }
    }

    @Test
    void theNextBatchIsSyncedWhileTheTasksOfTheOneBeforeAreAnsweredAndAnswersStayInOrder() throws Exception {
        for (boolean journalsFirst : new boolean[]{false, true}) {
            FakeStore fake = new FakeStore();
            fake.journalsFirst = journalsFirst;
            CountDownLatch answering = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            try (GroupCommit gc = new GroupCommit(fake.store, 512, PIPELINE)) {
                CompletableFuture<String> first = gc.submit(ctx -> {
                    ctx.batch.events.add(Rows.AuditEvent.of(null, "first", Instant.EPOCH, 1, "{}"));
                    ctx.afterCommit(() -> {
                        answering.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    return "first";
                });
                assertThat(answering.await(10, TimeUnit.SECONDS)).isTrue(); // durable, its answer held up
                CompletableFuture<String> second = gc.submit(event("second"));
                awaitSyncsCalled(fake, 2); // synced though the first batch's answer has not gone out
                awaitCount(fake.syncedThrough::size, 2, "syncs done");
                Thread.sleep(50);
                assertThat(second).isNotDone(); // durable, but answered only after the batch before it
                release.countDown();
                assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
                assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
            }
        }
    }

    // ------------------------------------------------ a store that journals a batch before applying it

    @Test
    void aBatchJournaledFirstIsSyncedWhileItIsAppliedAndAnsweredOnlyOnceApplied() throws Exception {
        for (boolean pipeline : new boolean[]{PIPELINE, true}) {
            FakeStore fake = new FakeStore();
            fake.journalsFirst = true;
            fake.gate = new CountDownLatch(1);
            try (GroupCommit gc = new GroupCommit(fake.store, 512, pipeline)) {
                CompletableFuture<String> first = gc.submit(event("first"));
                awaitSyncsCalled(fake, 1); // synced while its apply waits at the gate
                Thread.sleep(50);
                assertThat(fake.syncedThrough).containsExactly(0);
                assertThat(first).isNotDone();
                fake.gate.countDown();
                assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
                assertThat(fake.syncsCalled).hasValue(1); // not synced again once applied
            }
        }
    }

    @Test
    void aBatchJournaledFirstAndAppliedIsAnsweredOnlyOnceSynced() throws Exception {
        FakeStore fake = new FakeStore();
        fake.journalsFirst = true;
        fake.syncGate = new CountDownLatch(1);
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            CompletableFuture<String> first = gc.submit(event("first"));
            awaitStaged(fake, 1);
            awaitSyncsCalled(fake, 1);
            CompletableFuture<String> second = gc.submit(event("second"));
            awaitStaged(fake, 2);
            Thread.sleep(50);
            assertThat(List.of(first, second)).noneMatch(CompletableFuture::isDone);
            fake.syncGate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
            // The second batch was journaled during the first sync: one more sync covers it.
            assertThat(fake.syncsCalled).hasValue(2);
        }
    }

    @Test
    void aBatchJournaledFirstThatFailsToApplyFailsThoughItsSyncSucceededThenWritingGoesOn() throws Exception {
        FakeStore fake = new FakeStore();
        fake.journalsFirst = true;
        Recorder recorded = new Recorder();
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            gc.listen(recorded);
            assertThat(gc.call(event("ok"))).isEqualTo("ok");
            fake.gate = new CountDownLatch(1);
            fake.failNext = true;
            CompletableFuture<String> doomed = gc.submit(event("doomed"));
            awaitSyncsCalled(fake, 2);
            Thread.sleep(50);
            assertThat(doomed).isNotDone();
            fake.gate.countDown();
            assertThatThrownBy(() -> doomed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("disk full");
            awaitRollback(recorded);
            assertThat(gc.call(event("after"))).isEqualTo("after");
            assertThat(fake.committedSizes).containsExactly(1, 1);
        }
    }

    @Test
    void aFailedSyncOfABatchJournaledFirstFailsItThoughItWasApplied() throws Exception {
        FakeStore fake = new FakeStore();
        fake.journalsFirst = true;
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            assertThat(gc.call(event("ok"))).isEqualTo("ok");
            fake.failNextSync = true;
            assertThatThrownBy(() -> gc.call(event("doomed"))).hasMessage("sync failed");
            assertThatThrownBy(() -> gc.call(event("after"))).hasMessage("sync failed");
        }
    }

    @Test
    void aFullBatchWaitsForTheCommitterAndTheTasksBehindItFollowInBatchesOfTheMaximum() throws Exception {
        FakeStore fake = new FakeStore();
        fake.gate = new CountDownLatch(1);
        try (GroupCommit gc = new GroupCommit(fake.store, 2, PIPELINE)) {
            CompletableFuture<String> first = gc.submit(event("first"));
            awaitStagesCalled(fake, 1);
            List<CompletableFuture<String>> rest = new ArrayList<>();
            for (int i = 0; i < 5; i++) rest.add(gc.submit(event("e" + i)));
            Thread.sleep(100);
            assertThat(rest).noneMatch(CompletableFuture::isDone);
            fake.gate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            for (int i = 0; i < 5; i++) assertThat(rest.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("e" + i);
            assertThat(fake.committedSizes).containsExactly(1, 2, 2, 1);
        }
    }

    @Test
    void aTasksWholeWaitIsSplitIntoStagesOneAfterTheOther() throws Exception {
        FakeStore fake = new FakeStore();
        fake.gate = new CountDownLatch(1);
        fake.syncGate = new CountDownLatch(1);
        long held = TimeUnit.MILLISECONDS.toNanos(100);
        try (GroupCommit gc = new GroupCommit(fake.store, 512, PIPELINE)) {
            long before = System.nanoTime();
            CompletableFuture<String> first = gc.submit(event("first"));
            awaitStagesCalled(fake, 1);
            // Waits in the writer's open batch while the committer is held on the first.
            CompletableFuture<String> second = gc.submit(event("second"));
            Thread.sleep(100);
            fake.gate.countDown();
            awaitSyncsCalled(fake, 1);
            Thread.sleep(100);
            fake.syncGate.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            long outside = System.nanoTime() - before;

            assertThat(gc.tasksAnswered()).isEqualTo(2);
            assertThat(gc.stageNanos(GroupCommit.Stage.COMMITTING)).isGreaterThanOrEqualTo(held);
            assertThat(gc.stageNanos(GroupCommit.Stage.SYNCING)).isGreaterThanOrEqualTo(held);
            assertThat(gc.stageNanos(GroupCommit.Stage.QUEUED) + gc.stageNanos(GroupCommit.Stage.RUNNING)
                    + gc.stageNanos(GroupCommit.Stage.WAITING_FOR_COMMITTER)).isGreaterThanOrEqualTo(held);
            long sum = 0;
            for (GroupCommit.Stage st : GroupCommit.Stage.values()) {
                assertThat(gc.stageNanos(st)).as(st.name()).isNotNegative();
                sum += gc.stageNanos(st);
            }
            // The stages follow each other: together, no more than each task's time from submit to answer.
            assertThat(sum).isLessThanOrEqualTo(2 * outside);
        }
    }

    @Test
    void aTaskThatFailsIsNotCountedInTheStages() throws Exception {
        FakeStore fake = new FakeStore();
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            CompletableFuture<String> bad = gc.submit(ctx -> {
                throw new IllegalStateException("bad");
            });
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("bad");
            assertThat(gc.call(event("ok"))).isEqualTo("ok");
            assertThat(gc.tasksAnswered()).isEqualTo(1);
        }
    }

    @Test
    void aLoneTaskIsAppliedByTheWriterItselfAndSyncedByTheSyncer() throws Exception {
        FakeStore fake = new FakeStore();
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            assertThat(gc.call(event("alone"))).isEqualTo("alone");
            assertThat(fake.stagedOn).containsExactly("leadrouter-writer");
            assertThat(fake.syncedOn).containsExactly("leadrouter-syncer");
        }
        FakeStore piped = new FakeStore();
        try (GroupCommit gc = new GroupCommit(piped.store, 512, PIPELINE)) {
            assertThat(gc.call(event("alone"))).isEqualTo("alone");
            assertThat(piped.stagedOn).containsExactly("leadrouter-committer");
            assertThat(piped.syncedOn).containsExactly("leadrouter-syncer");
        }
        // A store whose apply waits for the disk (PostgreSQL's commit): never on the writer.
        FakeStore durableOnApply = new FakeStore();
        durableOnApply.syncsApart = false;
        try (GroupCommit gc = new GroupCommit(durableOnApply.store, 512)) {
            assertThat(gc.call(event("alone"))).isEqualTo("alone");
            assertThat(durableOnApply.stagedOn).containsExactly("leadrouter-committer");
        }
    }

    @Test
    void whileTheWriterAppliesABatchTheTasksArrivingWaitAndFollowInOneBatch() throws Exception {
        FakeStore fake = new FakeStore();
        fake.gate = new CountDownLatch(1);
        List<String> answered = new CopyOnWriteArrayList<>();
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            CompletableFuture<String> first = gc.submit(event("first"));
            awaitStagesCalled(fake, 1); // the writer applying it, held on the gate
            List<CompletableFuture<String>> rest = new ArrayList<>();
            for (int i = 0; i < 10; i++) rest.add(gc.submit(event("e" + i)));
            Thread.sleep(100);
            assertThat(first).isNotDone();
            assertThat(fake.stagesCalled.get()).isEqualTo(1);
            first.thenAccept(answered::add);
            for (CompletableFuture<String> f : rest) f.thenAccept(answered::add);
            fake.gate.countDown();
            for (CompletableFuture<String> f : rest) f.get(10, TimeUnit.SECONDS);
            assertThat(fake.committedSizes).containsExactly(1, 10);
            assertThat(fake.stagedOn).containsExactly("leadrouter-writer", "leadrouter-writer");
            assertThat(answered.getFirst()).isEqualTo("first");
        }
    }

    @Test
    void aFailedApplyByTheWriterFailsItsBatchRollsBackAndWritingGoesOn() throws Exception {
        FakeStore fake = new FakeStore();
        Recorder recorded = new Recorder();
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            gc.listen(recorded);
            fake.failNext = true;
            assertThatThrownBy(() -> gc.call(event("doomed"))).hasMessage("disk full");
            awaitRollback(recorded);
            assertThat(gc.call(event("after"))).isEqualTo("after");
            assertThat(fake.stagedOn).containsExactly("leadrouter-writer", "leadrouter-writer");
            assertThat(fake.committedSizes).containsExactly(1);
            assertThat(fake.syncsCalled.get()).isEqualTo(1);
            assertThat(recorded.rollbacks.get()).isEqualTo(1);
            awaitCount(recorded.announced::size, 1, "batches announced"); // on the writer's next turn
            assertThat(recorded.announced).isSorted();
        }
    }

    @Test
    void aFailedSyncOfABatchTheWriterAppliedFailsItAndEveryLaterOneOnEitherPath() throws Exception {
        FakeStore fake = new FakeStore();
        Recorder recorded = new Recorder();
        try (GroupCommit gc = new GroupCommit(fake.store, 512)) {
            gc.listen(recorded);
            assertThat(gc.call(event("ok"))).isEqualTo("ok");
            fake.failNextSync = true;
            assertThatThrownBy(() -> gc.call(event("doomed"))).hasMessage("sync failed");
            assertThat(fake.stagedOn).containsExactly("leadrouter-writer", "leadrouter-writer");
            awaitRollback(recorded);
            // What the disk holds after a failed sync is unknown: a lone batch fails though its own sync would pass.
            assertThatThrownBy(() -> gc.call(event("after"))).hasMessage("sync failed");
            // Tasks queued behind a running one go to the committer: that path fails them too.
            CountDownLatch queued = new CountDownLatch(1);
            List<CompletableFuture<String>> later = new ArrayList<>();
            later.add(gc.submit(ctx -> {
                queued.await(10, TimeUnit.SECONDS);
                ctx.batch.events.add(Rows.AuditEvent.of(null, "held", Instant.EPOCH, 1, "{}"));
                return "held";
            }));
            for (int i = 0; i < 20; i++) later.add(gc.submit(event("later " + i)));
            queued.countDown();
            for (CompletableFuture<String> f : later) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("sync failed");
            }
            assertThat(fake.syncedOn).hasSize(2);
            assertThat(recorded.announced).containsExactly(1L);
        }
    }

    @Test
    void underConcurrentLoadBatchesFinishInOrderWhicheverThreadCommitsThem() throws Exception {
        FakeStore fake = new FakeStore();
        List<Long> finished = new CopyOnWriteArrayList<>();
        Recorder recorded = new Recorder();
        int threads = 8;
        int each = 300;
        try (GroupCommit gc = new GroupCommit(fake.store, 16)) {
            gc.listen(recorded);
            List<Thread> posters = new ArrayList<>();
            List<CompletableFuture<Long>> all = new CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                posters.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        CompletableFuture<Long> f = gc.submit(ctx -> {
                            ctx.batch.events.add(Rows.AuditEvent.of(null, "e", Instant.EPOCH, 1, "{}"));
                            ctx.afterCommit(() -> finished.add(ctx.number));
                            return ctx.number;
                        });
                        all.add(f);
                        if (i % 7 == 0) f.join(); // now and then wait, so the pipeline empties and fills
                    }
                }));
            }
            for (Thread p : posters) p.join();
            for (CompletableFuture<Long> f : all) f.get(10, TimeUnit.SECONDS);
            assertThat(finished).hasSize(threads * each).isSorted();
            assertThat(recorded.announced).isSorted();
            assertThat(fake.committedSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * each);
            assertThat(gc.tasksAnswered()).isEqualTo(threads * each);
        }
    }

    /** What the writer tells its listeners. */
    private static final class Recorder implements GroupCommit.Listener {
        final AtomicInteger rollbacks = new AtomicInteger();
        final List<Long> announced = new CopyOnWriteArrayList<>();

        @Override
        public void committed(long batch) {
            announced.add(batch);
        }

        @Override
        public void rolledBack(RuntimeException cause) {
            rollbacks.incrementAndGet();
        }
    }

    private static void awaitRollback(Recorder recorded) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (recorded.rollbacks.get() == 0 && System.nanoTime() < deadline) Thread.sleep(1);
        assertThat(recorded.rollbacks.get()).isPositive();
    }

    private static void awaitSyncsCalled(FakeStore fake, int syncs) throws InterruptedException {
        awaitCount(fake.syncsCalled::get, syncs, "syncs called");
    }

    private static void awaitStagesCalled(FakeStore fake, int stages) throws InterruptedException {
        awaitCount(fake.stagesCalled::get, stages, "stages called");
    }

    private static void awaitStaged(FakeStore fake, int batches) throws InterruptedException {
        awaitCount(fake.committedSizes::size, batches, "batches staged");
    }

    private static void awaitCount(java.util.function.IntSupplier count, int atLeast, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsInt() < atLeast) {
            if (System.nanoTime() > deadline) throw new AssertionError("only " + count.getAsInt() + " " + what);
            Thread.sleep(1);
        }
    }
}
