package leadrouter.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 25_000;

    @Test
    void idsFromManyThreadsAreUniqueAndSortInTheOrderTheyWereCreated() throws Exception {
        // Each id is taken and recorded under one lock, so the list holds the true creation order.
        List<String> inCreationOrder = new ArrayList<>(THREADS * PER_THREAD);
        Object order = new Object();
        runOnThreads(() -> {
            for (int i = 0; i < PER_THREAD; i++) {
                synchronized (order) {
                    inCreationOrder.add(Ids.next());
                }
            }
            return null;
        });
        assertThat(inCreationOrder).hasSize(THREADS * PER_THREAD).isSorted().doesNotHaveDuplicates();
        assertThat(inCreationOrder).allSatisfy(id -> assertThat(Ids.isValid(id)).isTrue());
    }

    @Test
    void idsTakenConcurrentlyAreUniqueAndIncreaseWithinEachThread() throws Exception {
        List<List<String>> perThread = Collections.synchronizedList(new ArrayList<>());
        runOnThreads(() -> {
            List<String> mine = new ArrayList<>(PER_THREAD);
            for (int i = 0; i < PER_THREAD; i++) mine.add(Ids.next());
            perThread.add(mine);
            return null;
        });
        Set<String> all = new HashSet<>();
        for (List<String> ids : perThread) {
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            all.addAll(ids);
        }
        assertThat(all).hasSize(THREADS * PER_THREAD);
    }

    private static void runOnThreads(Callable<Void> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) futures.add(pool.submit(work));
            for (Future<Void> f : futures) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theTimestampIsTheMillisecondOfCreation() {
        long before = System.currentTimeMillis();
        String id = Ids.next();
        long after = System.currentTimeMillis();
        assertThat(id).hasSize(26).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(Ids.time(id).toEpochMilli()).isBetween(before, after);
    }

    @Test
    void encodingFollowsTheUlidLayout() {
        assertThat(Ids.encode(0, 0, 0)).isEqualTo("00000000000000000000000000");
        assertThat(Ids.encode((1L << 48) - 1, 0xFFFF, -1L)).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(Ids.encode(1, 0, 1)).isEqualTo("00000000010000000000000001");
        // the top random bit lands in the first random character
        assertThat(Ids.encode(0, 0x8000, 0)).isEqualTo("0000000000G000000000000000");
        // a published ULID and the millisecond it was made at
        assertThat(Ids.time("01HDEKBMW3904VB2HYTVWWMSY5")).isEqualTo(Instant.ofEpochMilli(1698075890563L));
        assertThat(Ids.encode(1698075890563L, 0, 0)).startsWith("01HDEKBMW3");
    }

    @Test
    void theRandomPartCountsUpWithinAMillisecondAndWhenTheClockStepsBack() {
        AtomicLong clock = new AtomicLong(1_000);
        Ids.Generator ids = new Ids.Generator(clock::get, new Random(7));
        String a = ids.next();
        String b = ids.next();
        clock.set(900); // the clock stepped back
        String c = ids.next();
        assertThat(List.of(a, b, c)).isSorted().doesNotHaveDuplicates();
        assertThat(Ids.time(c)).isEqualTo(Instant.ofEpochMilli(1_000));
        clock.set(1_001);
        assertThat(Ids.time(ids.next())).isEqualTo(Instant.ofEpochMilli(1_001));
    }

    @Test
    void anExhaustedMillisecondBorrowsTheNext() {
        Random allOnes = new Random() {
            @Override
            public int nextInt() {
                return -1;
            }

            @Override
            public long nextLong() {
                return -1L;
            }
        };
        Ids.Generator ids = new Ids.Generator(() -> 5_000, allOnes);
        String last = ids.next();
        assertThat(last).endsWith("ZZZZZZZZZZZZZZZZ");
        String next = ids.next();
        assertThat(next).isGreaterThan(last);
        assertThat(Ids.time(next)).isEqualTo(Instant.ofEpochMilli(5_001));
    }

    @Test
    void malformedIdsAreRejected() {
        assertThat(Ids.isValid(null)).isFalse();
        assertThat(Ids.isValid("01ARZ3NDEKTSV4RRFFQ69G5FA")).isFalse();   // 25 characters
        assertThat(Ids.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAU")).isFalse();  // U is not in the alphabet
        assertThat(Ids.isValid("81ARZ3NDEKTSV4RRFFQ69G5FAV")).isFalse();  // beyond 128 bits
        assertThatThrownBy(() -> Ids.time("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
