package leadrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import leadrouter.config.Config;
import leadrouter.config.Keys;
import leadrouter.delivery.Secrets;
import leadrouter.ingest.SampleLeads;
import leadrouter.routing.Campaign;
import leadrouter.store.StoreSettings;
import leadrouter.web.Api;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Warms a node up before it takes traffic. A freshly started JVM runs the lead path interpreted
 * and compiles it under load: on 2 cores a node answers about a thousand leads a second for its
 * first seconds and reaches full speed only after 30-40 s (BENCHMARKS.md). Warm-up runs that
 * compilation first, on made-up leads, through a private copy of the node: the same config with
 * one warm-up source and no buyer endpoints (nothing is delivered or notified), a throwaway
 * embedded store in a directory of its own (deleted afterwards), and an HTTP server on a loopback
 * port. Every part of a lead's path runs as it will for real leads: HTTP, parsing, normalization,
 * dedupe, the decision, the writer, SQLite and the journal; after {@link #MAX_STORED} leads the
 * rest go to the copy's {@code /api/v1/simulate}. The node's own store is not touched.
 */
public final class WarmUp {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    /**
     * Leads stored in the throwaway store at most (about 300 MB with their audit events, the WAL
     * and the journal): by then the store's path is compiled, and a long warm-up on a fast machine
     * would otherwise write gigabytes.
     */
    public static final long MAX_STORED = 100_000;

    /** What the warm-up posted: answers by class, and the rate over its last quarter. */
    public record Result(long accepted, long refused, long failed, Duration took, double lastQuarterPerSecond) {
        public long sent() {
            return accepted + refused + failed;
        }
    }

    private WarmUp() {
    }

    /**
     * Posts made-up leads for every campaign of {@code config} from {@code connections} connections
     * for {@code duration}. {@code scratchParent}: where the throwaway store's directory goes (the
     * node's data directory: the same disk). {@code configDir}: where the config's list files are.
     */
    public static Result run(Config config, Duration duration, int connections, Path scratchParent, Path configDir)
            throws IOException, InterruptedException {
        return run(config, duration, connections, scratchParent, configDir, MAX_STORED);
    }

    /** With another bound on the leads stored before the rest go to simulate (tests). */
    static Result run(Config config, Duration duration, int connections, Path scratchParent, Path configDir, long maxStored)
            throws IOException, InterruptedException {
        String key = randomHex(24);
        String adminToken = randomHex(24);
        JsonNode document = privateCopy(config.document(), Keys.hash(key), config.routing().campaigns().keySet());
        Files.createDirectories(scratchParent);
        Path scratch = Files.createTempDirectory(scratchParent, "warm-up-");
        try (LeadRouter node = LeadRouter.open(new LeadRouter.Options(StoreSettings.sqlite(scratch, false), document,
                "warm-up", configDir, adminToken, Clock.systemUTC(), Duration.ofMillis(500), 512, Secrets.env(),
                "http://localhost", Duration.ofSeconds(2)))) {
            Javalin web = Api.create(node).start("127.0.0.1", 0);
            try {
                return drive(node.configs.current(), web.port(), key, adminToken, duration, connections, maxStored);
            } finally {
                web.stop();
            }
        } finally {
            deleteTree(scratch);
        }
    }

    /** The config with one source (key {@code keyHash}, every campaign) and no buyer endpoints. */
    static JsonNode privateCopy(JsonNode document, String keyHash, Iterable<String> campaigns) {
        ObjectNode copy = document.deepCopy();
        ArrayNode sources = copy.putArray("sources");
        ObjectNode source = sources.addObject().put("id", "warm-up").put("name", "Warm-up");
        source.putArray("keys").add(keyHash);
        ArrayNode ids = source.putArray("campaigns");
        campaigns.forEach(ids::add);
        for (JsonNode buyer : copy.path("buyers")) {
            if (buyer instanceof ObjectNode b) b.putArray("endpoints");
        }
        return copy;
    }

    private static Result drive(Config config, int port, String key, String adminToken, Duration duration, int connections,
                                long maxStored)
            throws InterruptedException {
        String run = randomHex(4);
        List<Campaign> campaigns = List.copyOf(config.routing().campaigns().values());
        if (campaigns.isEmpty()) return new Result(0, 0, 0, Duration.ZERO, 0);
        List<SampleLeads> samples = campaigns.stream().map(c -> new SampleLeads(c.fields(), run)).toList();
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastQuarter = new AtomicLong();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        long quarterFrom = end - duration.toNanos() / 4;
        byte[] post = head("/api/v1/leads", key);
        byte[] simulate = head("/api/v1/simulate", adminToken);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            workers.add(Thread.ofVirtual().name("warm-up-" + w).start(() -> {
                Connection conn = null;
                while (System.nanoTime() < end) {
                    long n = next.getAndIncrement();
                    int c = (int) (n % campaigns.size());
                    byte[] body = Json.bytes(Map.of("campaign", campaigns.get(c).id(), "fields", samples.get(c).fields(n)));
                    try {
                        if (conn == null) conn = new Connection(port);
                        // Past maxStored the same leads go to simulate, which decides and stores nothing.
                        int status = conn.post(n < maxStored ? post : simulate, body);
                        (status < 300 ? accepted : status < 500 ? refused : failed).incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        if (conn != null) conn.close();
                        conn = null;
                    }
                    if (System.nanoTime() >= quarterFrom) lastQuarter.incrementAndGet();
                }
                if (conn != null) conn.close();
            }));
        }
        for (Thread t : workers) t.join();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        double quarterSeconds = Math.max(1e-9, (System.nanoTime() - quarterFrom) / 1e9);
        Result r = new Result(accepted.get(), refused.get(), failed.get(), took, lastQuarter.get() / quarterSeconds);
        if (r.failed() > 0) log.warn("warm-up: {} of {} posts failed", r.failed(), r.sent());
        return r;
    }

    /**
     * One keep-alive HTTP/1.1 connection to the private copy. Hand-written rather than the JDK's
     * HttpClient, through which the same warm-up posted a third to two thirds as many leads
     * (BENCHMARKS.md): the client shares the cores with the node it warms.
     */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        /** Posts {@code body} and reads the whole answer; returns its status. */
        int post(byte[] head, byte[] body) throws IOException {
            out.write(head);
            out.write(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF_CRLF);
            out.write(body);
            out.flush();
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) throw new IOException("bad status line: " + statusLine);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).trim());
                else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
                else if (lower.startsWith("connection:") && lower.contains("close")) close = true;
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            if (close) throw new IOException("the server closed the connection");
            return status;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) throw new IOException("connection closed");
                if (c != '\r') b.append((char) c);
            }
            return b.toString();
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0; ) {
                long k = in.skip(left);
                if (k <= 0) {
                    if (in.read() < 0) throw new IOException("connection closed");
                    k = 1;
                }
                left -= k;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static final byte[] CRLF_CRLF = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static byte[] head(String path, String bearer) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + bearer
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("could not delete the warm-up store {}: {}", dir, e.getMessage());
        }
    }
}
