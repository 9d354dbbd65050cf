import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.atomic.*;

public class Fsync {
    public static void main(String[] a) throws Exception {
        int threads = Integer.parseInt(a[0]);
        int seconds = Integer.parseInt(a[1]);
        Path p = Path.of(a[2]);
        long size = 64L << 20;
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer z = ByteBuffer.allocateDirect(4096);
            for (long at = 0; at < size; at += 4096) { z.clear(); c.write(z, at); }
            c.force(true);
            AtomicLong pos = new AtomicLong();
            AtomicLong count = new AtomicLong();
            AtomicLong nanos = new AtomicLong();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ts.add(Thread.ofPlatform().start(() -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(2048);
                    try {
                        while (System.nanoTime() < end) {
                            long at = pos.getAndAdd(2048) % size;
                            b.clear();
                            c.write(b, at);
                            long t0 = System.nanoTime();
                            c.force(false);
                            nanos.addAndGet(System.nanoTime() - t0);
                            count.incrementAndGet();
                        }
                    } catch (Exception e) { throw new RuntimeException(e); }
                }));
            }
            for (Thread t : ts) t.join();
            System.out.printf("threads=%d syncs/s=%.0f mean latency=%.0f us%n", threads, count.get() / (double) seconds, nanos.get() / 1000.0 / count.get());
        }
        Files.delete(p);
    }
}
