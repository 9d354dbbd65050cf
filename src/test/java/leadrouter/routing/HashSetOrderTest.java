package leadrouter.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Rotation updates are listed in the order a {@link HashSet} of the buyers lists them; for up to
 * {@link Router#HASH_ORDER_MAX} buyers the router sorts them into that order without building
 * one. Names are random, short (so buckets collide often) or built to share a hash code.
 */
class HashSetOrderTest {

    @Test
    void sameOrderAsAHashSet() {
        qt().withExamples(2000).forAll(longs().all(), integers().between(0, Router.HASH_ORDER_MAX)).checkAssert((seed, count) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            Set<String> distinct = new LinkedHashSet<>();
            while (distinct.size() < count) distinct.add(name(rnd));
            String[] names = distinct.toArray(String[]::new);
            int[] keys = new int[count];
            for (int k = 0; k < count; k++) keys[k] = k;
            Router.inHashSetOrder(keys, names);
            List<String> sorted = new ArrayList<>();
            for (int k : keys) sorted.add(names[k]);
            Set<String> set = new HashSet<>();
            for (String n : names) set.add(n);
            assertThat(sorted).containsExactlyElementsOf(new ArrayList<>(set));
        });
    }

    private static String name(SplittableRandom rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> "b" + rnd.nextInt(40);
            // "Aa" and "BB" have the same hash code, so these collide in every bucket count.
            case 1 -> (rnd.nextBoolean() ? "Aa" : "BB") + (rnd.nextBoolean() ? "Aa" : "BB") + (rnd.nextBoolean() ? "Aa" : "BB");
            default -> "buyer-" + Long.toHexString(rnd.nextLong());
        };
    }
}
