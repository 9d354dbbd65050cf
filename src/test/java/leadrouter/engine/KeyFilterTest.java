package leadrouter.engine;

import leadrouter.Sha256;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFilterTest {
    @Test
    void everyAddedKeyIsFoundAndFewOthersAre() {
        KeyFilter f = new KeyFilter(100_000);
        for (int i = 0; i < 100_000; i++) f.add("solar", Sha256.hex("phone:" + i));
        for (int i = 0; i < 100_000; i++) assertThat(f.mightContain("solar", Sha256.hex("phone:" + i))).isTrue();
        int falsePositives = 0;
        for (int i = 100_000; i < 200_000; i++) if (f.mightContain("solar", Sha256.hex("phone:" + i))) falsePositives++;
        assertThat(falsePositives).isLessThan(2_000); // about 1 % when full
        assertThat(f.overfull()).isFalse();
        f.add("solar", Sha256.hex("one more"));
        assertThat(f.overfull()).isTrue();
    }

    @Test
    void theSameKeyInAnotherCampaignIsAnotherKey() {
        KeyFilter f = new KeyFilter(1_000);
        f.add("solar", Sha256.hex("x"));
        int hits = 0;
        for (int i = 0; i < 1_000; i++) if (f.mightContain("roofing" + i, Sha256.hex("x"))) hits++;
        assertThat(hits).isLessThan(50);
    }
}
