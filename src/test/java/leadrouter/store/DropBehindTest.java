package leadrouter.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Random;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DropBehindTest {
    private static final long MB = 1 << 20;

    @Test
    void pagesFarBehindTheEndAreDroppedOnceAStepHasGatheredAndTheTailStaysCached(@TempDir Path dir) throws Exception {
        assumeTrue(DropBehind.available(), "posix_fadvise is not available here");
        Path file = dir.resolve("growing.db");
        byte[] block = new byte[(int) MB];
        new Random(7).nextBytes(block);
        try (FileChannel ch = FileChannel.open(file, CREATE, WRITE, READ)) {
            for (int i = 0; i < 12; i++) ch.write(ByteBuffer.wrap(block));
            ch.force(true);
            for (long at = 0; at < 12 * MB; at += MB) assertThat(cached(ch, at)).as("MB %d before", at / MB).isTrue();

            try (DropBehind drop = new DropBehind(file, 4 * MB, 2 * MB)) {
                assertThat(drop.advance(5 * MB)).as("1 MB behind the tail: less than a step").isZero();
                assertThat(drop.advance(12 * MB)).isEqualTo(8 * MB);
                for (long at = 0; at < 8 * MB; at += MB) assertThat(cached(ch, at)).as("MB %d after", at / MB).isFalse();
                for (long at = 8 * MB; at < 12 * MB; at += MB) assertThat(cached(ch, at)).as("MB %d after", at / MB).isTrue();

                // Read again, a dropped page stays cached: each range is dropped only once.
                ch.read(ByteBuffer.allocate((int) MB), 0);
                assertThat(drop.advance(13 * MB)).as("1 MB more: less than a step").isZero();
                assertThat(drop.advance(14 * MB)).isEqualTo(2 * MB);
                assertThat(cached(ch, 0)).isTrue();
            }
        }
    }

    @Test
    void afterCloseNothingIsDropped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("closed.db");
        try (FileChannel ch = FileChannel.open(file, CREATE, WRITE, READ)) {
            ch.write(ByteBuffer.allocate((int) (4 * MB)));
            ch.force(true);
            DropBehind drop = new DropBehind(file, MB, MB);
            drop.close();
            assertThat(drop.advance(4 * MB)).isZero();
        }
    }

    /** Whether every page of the MB at {@code at} is in the page cache (mincore, through a mapping that touches nothing). */
    private static boolean cached(FileChannel ch, long at) throws Exception {
        return ch.map(FileChannel.MapMode.READ_ONLY, at, MB).isLoaded();
    }
}
