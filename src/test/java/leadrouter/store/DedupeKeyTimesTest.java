package leadrouter.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DedupeKeyTimesTest {

    @Test
    void aKeyKeepsEveryTimeItWasReceivedOnceEach() {
        DedupeKeyTimes times = new DedupeKeyTimes();
        times.add("solar", "phone:1", 300);
        times.add("solar", "phone:1", 100);
        times.add("solar", "phone:1", 300); // a batch written again after a rollback
        times.add("solar", "phone:1", 200);

        assertThat(times.since("solar", "phone:1", 0)).containsExactly(100, 200, 300);
        assertThat(times.since("solar", "phone:1", 150)).containsExactly(200, 300);
        assertThat(times.since("solar", "phone:1", 300)).containsExactly(300);
        assertThat(times.since("solar", "phone:1", 301)).isEmpty();
        assertThat(times.since("roofing", "phone:1", 0)).isEmpty();
        assertThat(times.since("solar", "phone:2", 0)).isEmpty();
        assertThat(times.keys()).isEqualTo(1);
    }

    @Test
    void droppingOldTimesKeepsTheNewerOnesOfAKey() {
        DedupeKeyTimes times = new DedupeKeyTimes();
        times.add("c", "old", 10);
        times.add("c", "both", 10);
        times.add("c", "both", 50);
        times.add("c", "three", 10);
        times.add("c", "three", 60);
        times.add("c", "three", 70);

        times.dropBefore(50);

        assertThat(times.since("c", "old", 0)).isEmpty();
        assertThat(times.since("c", "both", 0)).containsExactly(50);
        assertThat(times.since("c", "three", 0)).containsExactly(60, 70);
        assertThat(times.keys()).isEqualTo(2);
        times.add("c", "both", 40); // older than what is left, received again: kept in order
        assertThat(times.since("c", "both", 0)).containsExactly(40, 50);
    }

    @Test
    void campaignAndKeyAreHashedAsAPairNotAsOneText() {
        assertThat(DedupeKeyTimes.hash("ab", "c")).isNotEqualTo(DedupeKeyTimes.hash("a", "bc"));
        assertThat(DedupeKeyTimes.hash("c", "k1")).isNotEqualTo(DedupeKeyTimes.hash("c", "k2"));
    }
}
