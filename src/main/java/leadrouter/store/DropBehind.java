package leadrouter.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Tells the kernel it may drop the cached pages of a growing file that lie well behind its end,
 * once they are written and synced (posix_fadvise DONTNEED). The embedded database grows by about
 * 2 KB per lead and is read mostly near its end; left alone, its old pages fill the page cache and
 * every new page comes from free memory. On virtual machines that hand free memory back to the
 * host (free page reporting), such a page faults on first touch and a page written into a growing
 * file cost about three times the kernel CPU of one written where pages were just dropped
 * (BENCHMARKS.md). Each range is dropped once: a page read again later stays cached.
 *
 * <p>On other systems than Linux, or where libc lacks posix_fadvise, this does nothing.
 */
final class DropBehind implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DropBehind.class);
    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final MethodHandle OPEN;
    private static final MethodHandle FADVISE;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle open = null;
        MethodHandle fadvise = null;
        MethodHandle close = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            var fadviseSymbol = libc.find("posix_fadvise");
            if (fadviseSymbol.isPresent() && System.getProperty("os.name", "").startsWith("Linux")) {
                open = linker.downcallHandle(libc.find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                        Linker.Option.firstVariadicArg(2));
                fadvise = linker.downcallHandle(fadviseSymbol.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                close = linker.downcallHandle(libc.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            }
        } catch (RuntimeException | LinkageError e) {
            log.info("page cache hints are off: {}", e.toString());
            open = fadvise = close = null;
        }
        OPEN = open;
        FADVISE = fadvise;
        CLOSE = close;
    }

    private final Path file;
    private final long keepBytes;
    private final long stepBytes;
    private int fd = -1;
    private boolean closed;
    /** Everything before this offset has been dropped once. */
    private long droppedThrough;

    /**
     * @param keepBytes the bytes at the end of the file whose pages stay cached
     * @param stepBytes drop only once this much more lies behind {@code keepBytes}
     */
    DropBehind(Path file, long keepBytes, long stepBytes) {
        this.file = file;
        this.keepBytes = keepBytes;
        this.stepBytes = stepBytes;
    }

    static boolean available() {
        return FADVISE != null;
    }

    /**
     * Drops what lies more than {@code keepBytes} before {@code size} and was not dropped before.
     * Call only when the file's pages up to {@code size} are synced: the kernel does not drop dirty
     * pages, it starts writing them back instead. Returns the bytes advised.
     */
    synchronized long advance(long size) {
        if (FADVISE == null || closed) return 0;
        if (size < droppedThrough) droppedThrough = size; // the file shrank (a vacuum)
        long target = size - keepBytes;
        if (target - droppedThrough < stepBytes) return 0;
        try {
            if (fd < 0) fd = open();
            if (fd < 0) return 0;
            int rc = (int) FADVISE.invokeExact(fd, droppedThrough, target - droppedThrough, POSIX_FADV_DONTNEED);
            if (rc != 0) {
                log.debug("posix_fadvise on {} returned {}", file, rc);
                return 0;
            }
            long advised = target - droppedThrough;
            droppedThrough = target;
            return advised;
        } catch (Throwable e) {
            log.debug("posix_fadvise on {} failed: {}", file, e.toString());
            return 0;
        }
    }

    private int open() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(file.toString());
            int opened = (int) OPEN.invokeExact(path, O_RDONLY, 0);
            if (opened < 0) log.debug("could not open {} for page cache hints", file);
            return opened;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (fd < 0 || CLOSE == null) return;
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            log.debug("close of {} failed: {}", file, e.toString());
        }
        fd = -1;
    }
}
