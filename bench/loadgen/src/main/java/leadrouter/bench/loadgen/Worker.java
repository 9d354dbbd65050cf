package leadrouter.bench.loadgen;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One event loop driving a share of the connections over a selector. Closed loop: each idle
 * connection sends its next request at once. Open loop: request j of this loop is due at
 * {@code t0 + phase + j * interval}; due requests wait in a backlog until a connection is idle, and
 * their latency is measured from the due (intended) time, so a stalled server is charged for every
 * request it delayed (no coordinated omission). A timer thread wakes the selector at each due time.
 */
final class Worker implements Runnable {

    static final boolean DEBUG = Boolean.getBoolean("loadgen.debug");
    static final long HIGHEST = TimeUnit.SECONDS.toNanos(120);
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RECONNECT_PAUSE = TimeUnit.MILLISECONDS.toNanos(100);

    private final int index;
    private final Options o;
    private final BodyTemplate bodies;
    private final byte[] head;
    private final boolean withBody;
    private final InetSocketAddress address;
    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final List<Conn> broken = new ArrayList<>();

    // The schedule, set by schedule() before the loop's thread starts.
    private long t0;
    private long epochMicrosAtT0;
    private long measureStart;
    private long measureEnd;
    private long hardEnd;
    private final long interval;
    private final long phase;

    /** Open loop: schedule indices [sendJ, dueJ) are due and not yet sent; up to waitMarkJ counted as waiting. */
    private long dueJ;
    private long sendJ;
    private long waitMarkJ;
    private long seqCount;
    private int inFlight;

    /** With --sent-log: "phone epoch-micros" of each recorded request, at its intended send time. */
    final List<String> sentLog = new ArrayList<>();
    private final LeadFaker faker;

    final Histogram latency = new Histogram(HIGHEST, 3);
    final Histogram sendLag = new Histogram(HIGHEST, 3);
    final Map<String, Long> errors = new TreeMap<>();
    final Map<String, String> errorSamples = new TreeMap<>();
    long ok;
    long sent;
    long waitedForConnection;
    long lateWithIdle;
    long maxBacklog;
    volatile long completedAll;

    /** Opens the connections; {@link #schedule} must be called before {@link #run}. */
    Worker(int index, Options o, int connections) throws IOException {
        this.index = index;
        this.o = o;
        this.faker = new LeadFaker(o.seed());
        this.bodies = new BodyTemplate(o.template(), o.campaign(), faker);
        this.withBody = !o.method().equals("GET") && !o.method().equals("DELETE");
        this.head = requestHead(o, withBody);
        this.address = new InetSocketAddress(o.host(), o.port());
        this.selector = Selector.open();
        if (o.openLoop()) {
            double perSecond = o.rate() / o.threads();
            this.interval = Math.max(1, Math.round(1e9 / perSecond));
            this.phase = Math.round(index * 1e9 / o.rate());
        } else {
            this.interval = 0;
            this.phase = 0;
        }
        for (int i = 0; i < connections; i++) {
            Conn c = new Conn();
            conns.add(c);
            connect(c);
            idle.add(c);
        }
    }

    /** Times are System.nanoTime() instants; epochMicrosAtT0 is the wall-clock time of t0 (for the sent log). */
    void schedule(long t0, long epochMicrosAtT0, long measureStart, long measureEnd, long hardEnd) {
        this.t0 = t0;
        this.epochMicrosAtT0 = epochMicrosAtT0;
        this.measureStart = measureStart;
        this.measureEnd = measureEnd;
        this.hardEnd = hardEnd;
    }

    static byte[] requestHead(Options o, boolean withBody) {
        StringBuilder b = new StringBuilder();
        b.append(o.method()).append(' ').append(o.path()).append(" HTTP/1.1\r\n");
        b.append("Host: ").append(o.host()).append(':').append(o.port()).append("\r\n");
        boolean type = false;
        for (String h : o.headers()) {
            b.append(h.strip()).append("\r\n");
            if (h.toLowerCase().startsWith("content-type:")) type = true;
        }
        if (withBody) {
            if (!type) b.append("Content-Type: application/json\r\n");
            b.append("Content-Length: ");
        } else {
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    long nextStart() {
        return o.start() + index + (long) o.threads() * seqCount;
    }

    @Override
    public void run() {
        Thread timer = o.openLoop() ? Thread.ofPlatform().daemon().name("loadgen-timer-" + index).start(this::tick) : null;
        try {
            loop();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (timer != null) timer.interrupt();
            for (Conn c : conns) closeQuietly(c);
            try {
                selector.close();
            } catch (IOException ignored) {
                // Closing at the end of the run; nothing is left to report.
            }
        }
    }

    /** Wakes the selector at each due time of this loop's schedule, until the schedule ends. */
    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            if (now >= measureEnd) return;
            long j = Math.max(0, Math.ceilDiv(now - t0 - phase, interval));
            long next = t0 + phase + j * interval;
            if (next > now) LockSupport.parkNanos(next - now);
            selector.wakeup();
        }
    }

    private void loop() throws IOException {
        boolean open = o.openLoop();
        while (true) {
            long now = System.nanoTime();
            retryBroken(now);
            if (open) {
                while (t0 + phase + dueJ * interval <= now && t0 + phase + dueJ * interval < measureEnd) dueJ++;
                while (sendJ < dueJ && !idle.isEmpty()) {
                    long intended = t0 + phase + sendJ * interval;
                    boolean waited = sendJ < waitMarkJ;
                    send(idle.poll(), intended, now, waited);
                    sendJ++;
                }
                if (sendJ < dueJ) {
                    long from = Math.max(sendJ, waitMarkJ);
                    for (long j = from; j < dueJ; j++) if (recorded(t0 + phase + j * interval)) waitedForConnection++;
                    waitMarkJ = dueJ;
                    maxBacklog = Math.max(maxBacklog, dueJ - sendJ);
                }
            } else if (now < measureEnd) {
                while (!idle.isEmpty()) send(idle.poll(), now, now, false);
            }

            boolean scheduleDone = now >= measureEnd && (!open || sendJ >= dueJ);
            if (scheduleDone && inFlight == 0) return;
            if (now >= hardEnd) {
                giveUp();
                return;
            }

            long waitUntil = now >= measureEnd ? hardEnd : open ? t0 + phase + dueJ * interval : measureEnd;
            if (!broken.isEmpty()) waitUntil = Math.min(waitUntil, now + RECONNECT_PAUSE);
            long waitMs = Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(waitUntil - now)));
            if (waitUntil <= now) selector.selectNow();
            else selector.select(waitMs);

            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                Conn c = (Conn) k.attachment();
                if (!k.isValid()) continue;
                try {
                    if (k.isWritable()) flush(c);
                    if (k.isValid() && k.isReadable()) read(c);
                } catch (IOException | IllegalStateException e) {
                    fail(c, e instanceof IllegalStateException ? "protocol" : "io", e.toString());
                }
            }
        }
    }

    private boolean recorded(long t) {
        return t >= measureStart && t < measureEnd;
    }

    private void send(Conn c, long intended, long now, boolean waited) throws IOException {
        long seq = o.start() + index + (long) o.threads() * seqCount++;
        ByteBuffer out = c.out;
        out.clear();
        if (withBody) {
            byte[] body = bodies.render(seq);
            byte[] len = Integer.toString(body.length).getBytes(StandardCharsets.ISO_8859_1);
            int need = head.length + len.length + 4 + body.length;
            if (out.capacity() < need) out = c.out = ByteBuffer.allocate(Math.max(need, out.capacity() * 2));
            out.put(head).put(len).put((byte) '\r').put((byte) '\n').put((byte) '\r').put((byte) '\n').put(body);
        } else {
            out.put(head);
        }
        out.flip();
        c.intended = intended;
        c.sentAt = now;
        c.busy = true;
        inFlight++;
        if (recorded(intended)) {
            sent++;
            if (o.sentLog() != null) sentLog.add(faker.phone(seq) + " " + (epochMicrosAtT0 + (intended - t0) / 1_000));
            if (o.openLoop()) {
                long lag = now - intended;
                sendLag.recordValue(Math.min(Math.max(lag, 0), HIGHEST));
                if (lag > LATE_NANOS && !waited) lateWithIdle++;
                if (DEBUG && lag > 3_000_000) System.err.printf("late %.1fms at %.3fs waited=%s idle=%d inflight=%d%n", lag / 1e6, (now - t0) / 1e9, waited, idle.size(), inFlight);
            }
        }
        try {
            flush(c);
        } catch (IOException e) {
            fail(c, "io", e.toString());
        }
    }

    private void flush(Conn c) throws IOException {
        c.ch.write(c.out);
        int want = c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (c.key.interestOps() != want) c.key.interestOps(want);
    }

    private void read(Conn c) throws IOException {
        ByteBuffer in = c.in;
        int n = c.ch.read(in);
        if (n < 0) {
            if (c.busy && c.parser.untilEof) {
                complete(c, System.nanoTime());
                reconnect(c);
            } else if (c.busy) {
                fail(c, "io", "connection closed by server");
            } else {
                reconnect(c);
            }
            return;
        }
        if (n == 0) return;
        if (!c.busy) throw new IllegalStateException("bytes received with no request outstanding");
        int r = c.parser.parse(in.array(), 0, in.position());
        if (r == ResponseParser.INCOMPLETE) {
            if (!in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                bigger.put(in);
                c.in = bigger;
            }
            return;
        }
        if (r != in.position()) throw new IllegalStateException("bytes after the response with no request outstanding");
        complete(c, System.nanoTime());
        in.clear();
        if (c.parser.close) reconnect(c);
        else idle.add(c);
    }

    private void complete(Conn c, long now) {
        c.busy = false;
        inFlight--;
        completedAll++;
        if (!recorded(c.intended)) return;
        long start = o.openLoop() ? c.intended : c.sentAt;
        latency.recordValue(Math.min(Math.max(now - start, 0), HIGHEST));
        int status = c.parser.status;
        if (status >= 200 && status < 300) {
            ok++;
        } else {
            String key = Integer.toString(status);
            errors.merge(key, 1L, Long::sum);
            errorSamples.computeIfAbsent(key, x -> c.parser.bodyText(c.in.array(), 300));
        }
    }

    private void fail(Conn c, String kind, String detail) {
        if (c.busy) {
            c.busy = false;
            inFlight--;
            if (recorded(c.intended)) {
                errors.merge(kind, 1L, Long::sum);
                errorSamples.putIfAbsent(kind, detail);
            }
        }
        idle.remove(c);
        try {
            reconnect(c);
        } catch (IOException e) {
            markBroken(c);
        }
    }

    /** Counts what is still outstanding at the hard end as timeouts and unsent requests. */
    private void giveUp() {
        for (Conn c : conns) {
            if (c.busy && recorded(c.intended)) {
                errors.merge("timeout", 1L, Long::sum);
                errorSamples.putIfAbsent("timeout", "no response within the drain period");
            }
        }
        long unsent = 0;
        for (long j = sendJ; j < dueJ; j++) if (recorded(t0 + phase + j * interval)) unsent++;
        if (unsent > 0) {
            errors.merge("unsent", unsent, Long::sum);
            errorSamples.putIfAbsent("unsent", "due but no connection came free before the drain period ended");
        }
    }

    private void connect(Conn c) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(address, 5_000);
            ch.configureBlocking(false);
            c.ch = ch;
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            c.in.clear();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private void reconnect(Conn c) throws IOException {
        closeQuietly(c);
        idle.remove(c);
        try {
            connect(c);
            idle.add(c);
        } catch (IOException e) {
            if (System.nanoTime() >= measureStart && System.nanoTime() < measureEnd) errors.merge("connect", 1L, Long::sum);
            errorSamples.putIfAbsent("connect", e.toString());
            markBroken(c);
        }
    }

    private void markBroken(Conn c) {
        c.retryAt = System.nanoTime() + RECONNECT_PAUSE;
        if (!broken.contains(c)) broken.add(c);
    }

    private void retryBroken(long now) throws IOException {
        if (broken.isEmpty()) return;
        for (Conn c : List.copyOf(broken)) {
            if (c.retryAt > now) continue;
            broken.remove(c);
            reconnect(c);
        }
    }

    private static void closeQuietly(Conn c) {
        if (c.key != null) c.key.cancel();
        if (c.ch != null) {
            try {
                c.ch.close();
            } catch (IOException ignored) {
                // The connection is being replaced or the run is over.
            }
        }
        c.ch = null;
        c.key = null;
    }

    static final class Conn {
        SocketChannel ch;
        SelectionKey key;
        ByteBuffer out = ByteBuffer.allocate(1024);
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        final ResponseParser parser = new ResponseParser();
        long intended;
        long sentAt;
        long retryAt;
        boolean busy;
    }
}
