package leadrouter.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A journal segment whose sync fails on demand, as fsync does on a failing disk; everything else
 * goes to the real file. Before failing it runs {@link #beforeFailure}, standing for work another
 * thread does while the sync is under way. Its writes can fail too, after the bytes reached the
 * file (a whole record the journal was told did not go through).
 */
final class FailingSyncChannel extends FileChannel {
    private final FileChannel file;
    private final Switch failing;

    /** Shared by every segment of a journal: the test turns failures on and off. */
    static final class Switch {
        volatile boolean on;
        volatile boolean writes;
        volatile Runnable beforeFailure = () -> {
        };
    }

    FailingSyncChannel(FileChannel file, Switch failing) {
        this.file = file;
        this.failing = failing;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (failing.on) {
            failing.beforeFailure.run();
            throw new IOException("Input/output error (injected)");
        }
        file.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return file.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return file.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return file.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int written = file.write(src, position);
        if (failing.writes) throw new IOException("Input/output error (injected, after the write)");
        return written;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
