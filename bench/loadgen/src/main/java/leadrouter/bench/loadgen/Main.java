package leadrouter.bench.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Entry point: {@code loadgen [options]} runs a load test; {@code loadgen table FILE...} prints results. */
public final class Main {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("table")) {
            System.out.print(Table.render(Arrays.asList(args).subList(1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("stl")) {
            try {
                SpeedToLead.main(Arrays.copyOfRange(args, 1, args.length));
            } catch (IllegalArgumentException e) {
                System.err.println("loadgen stl: " + e.getMessage());
                System.err.print(Options.USAGE);
                System.exit(2);
            }
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) System.err.println("loadgen: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        ObjectNode result;
        List<String> sentLog = new ArrayList<>();
        try {
            result = run(o, sentLog);
        } catch (java.net.ConnectException e) {
            System.err.println("loadgen: cannot connect to " + o.host() + ":" + o.port() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(summary(result));
        if (o.json() != null) {
            if (o.json().getParent() != null) Files.createDirectories(o.json().getParent());
            JSON.writeValue(o.json().toFile(), result);
        }
        if (o.sentLog() != null) {
            if (o.sentLog().getParent() != null) Files.createDirectories(o.sentLog().getParent());
            Files.write(o.sentLog(), sentLog);
        }
    }

    static ObjectNode run(Options o, List<String> sentLog) throws IOException, InterruptedException {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < o.threads(); i++) {
            int share = o.connections() / o.threads() + (i < o.connections() % o.threads() ? 1 : 0);
            workers.add(new Worker(i, o, share));
        }
        // The connections are open; the schedule starts shortly after, the same for every loop.
        Instant wall = Instant.now();
        long nanoNow = System.nanoTime();
        long t0 = nanoNow + TimeUnit.MILLISECONDS.toNanos(100);
        long epochMicrosAtT0 = wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1_000 + (t0 - nanoNow) / 1_000;
        long measureStart = t0 + o.warmup().toNanos();
        long measureEnd = measureStart + o.duration().toNanos();
        long hardEnd = measureEnd + o.drain().toNanos();
        for (Worker w : workers) w.schedule(t0, epochMicrosAtT0, measureStart, measureEnd, hardEnd);
        CpuMeter cpu = o.serverPid() == null ? null : CpuMeter.start(o.serverPid(), measureStart, measureEnd);
        Instant startedAt = Instant.now();
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            threads.add(Thread.ofPlatform().name("loadgen-" + threads.size()).start(() -> {
                LockSupportSleep.until(t0);
                w.run();
            }));
        }
        if (!o.quiet()) progress(o, workers, threads, t0, measureStart, measureEnd);
        for (Thread t : threads) t.join();
        for (Worker w : workers) sentLog.addAll(w.sentLog);
        ObjectNode r = result(o, workers, startedAt);
        if (cpu != null) cpu.report(r);
        return r;
    }

    /**
     * The CPU time of the server and of this generator over the recorded period, read at its start
     * and end (the kernel's per-process counters, in 10 ms ticks): per answered request, the cost
     * of each beside the bare endpoint's (bench/ceiling-cost.sh explains the budget it gives).
     */
    static final class CpuMeter {
        private final Thread thread;
        private long serverFrom = -1, clientFrom = -1, serverTo = -1, clientTo = -1;

        private CpuMeter(ProcessHandle server, long from, long to) {
            this.thread = Thread.ofPlatform().daemon().name("cpu-meter").start(() -> {
                LockSupportSleep.until(from);
                serverFrom = cpuNanos(server);
                clientFrom = cpuNanos(ProcessHandle.current());
                LockSupportSleep.until(to);
                serverTo = cpuNanos(server);
                clientTo = cpuNanos(ProcessHandle.current());
            });
        }

        static CpuMeter start(long pid, long from, long to) {
            // Options checked it exists; should it have exited since, the report leaves the figures out.
            return new CpuMeter(ProcessHandle.of(pid).orElse(null), from, to);
        }

        private static long cpuNanos(ProcessHandle p) {
            if (p == null) return -1;
            return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
        }

        void report(ObjectNode r) throws InterruptedException {
            thread.join();
            long ok = r.get("ok").asLong();
            // A server that exited, or a counter not readable, leaves the figures out.
            if (serverFrom < 0 || serverTo < 0 || clientFrom < 0 || clientTo < 0 || ok == 0) return;
            ObjectNode c = r.putObject("cpu");
            c.put("serverSeconds", round((serverTo - serverFrom) / 1e9, 2));
            c.put("clientSeconds", round((clientTo - clientFrom) / 1e9, 2));
            c.put("serverMicrosPerOk", round((serverTo - serverFrom) / 1e3 / ok, 1));
            c.put("clientMicrosPerOk", round((clientTo - clientFrom) / 1e3 / ok, 1));
        }
    }

    private static void progress(Options o, List<Worker> workers, List<Thread> threads, long t0, long measureStart,
                                 long measureEnd) throws InterruptedException {
        long lastCount = 0, lastAt = System.nanoTime();
        while (threads.stream().anyMatch(Thread::isAlive)) {
            for (Thread t : threads) t.join(5_000);
            long now = System.nanoTime();
            if (threads.stream().noneMatch(Thread::isAlive)) break;
            long count = workers.stream().mapToLong(w -> w.completedAll).sum();
            String phase = now < measureStart ? "warmup" : now < measureEnd ? "measure" : "drain";
            System.err.printf(Locale.ROOT, "[%s %5.1fs] %,.0f responses/s%n", phase, (now - t0) / 1e9,
                    (count - lastCount) / ((now - lastAt) / 1e9));
            lastCount = count;
            lastAt = now;
        }
    }

    static ObjectNode result(Options o, List<Worker> workers, Instant startedAt) {
        Histogram latency = new Histogram(Worker.HIGHEST, 3);
        Histogram lag = new Histogram(Worker.HIGHEST, 3);
        Map<String, Long> errors = new TreeMap<>();
        Map<String, String> samples = new TreeMap<>();
        long ok = 0, sent = 0, waited = 0, late = 0, maxBacklog = 0, nextStart = o.start();
        for (Worker w : workers) {
            latency.add(w.latency);
            lag.add(w.sendLag);
            w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            w.errorSamples.forEach(samples::putIfAbsent);
            ok += w.ok;
            sent += w.sent;
            waited += w.waitedForConnection;
            late += w.lateWithIdle;
            maxBacklog = Math.max(maxBacklog, w.maxBacklog);
            nextStart = Math.max(nextStart, w.nextStart());
        }
        double seconds = o.duration().toNanos() / 1e9;
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();

        ObjectNode r = JSON.createObjectNode();
        r.put("label", o.label());
        r.put("mode", o.openLoop() ? "open" : "closed");
        r.put("url", "http://" + o.host() + ":" + o.port() + o.path());
        r.put("startedAt", startedAt.toString());
        r.put("connections", o.connections());
        r.put("threads", o.threads());
        r.put("warmupS", o.warmup().toMillis() / 1000.0);
        r.put("durationS", seconds);
        if (o.openLoop()) r.put("targetRate", o.rate());
        else r.putNull("targetRate");
        r.put("achievedRate", round(sent / seconds, 1));
        r.put("throughput", round(ok / seconds, 1));
        r.put("count", latency.getTotalCount());
        r.put("sent", sent);
        r.put("ok", ok);
        r.put("errorCount", errorCount);
        ObjectNode errs = r.putObject("errors");
        errors.forEach(errs::put);
        ObjectNode errSamples = r.putObject("errorSamples");
        samples.forEach(errSamples::put);
        ObjectNode lat = r.putObject("latencyMs");
        percentiles(lat, latency);
        if (o.openLoop()) {
            ObjectNode l = r.putObject("sendLagMs");
            percentiles(l, lag);
            r.put("waitedForConnection", waited);
            r.put("maxBacklog", maxBacklog);
            r.put("lateWithIdle", late);
            // Late sends with a connection free mean the generator itself could not keep the schedule.
            r.put("clientFellBehind", sent > 0 && late > sent / 100);
        }
        r.put("seed", o.seed());
        r.put("start", o.start());
        r.put("nextStart", nextStart);
        return r;
    }

    private static void percentiles(ObjectNode n, Histogram h) {
        n.put("p50", ms(h.getValueAtPercentile(50)));
        n.put("p90", ms(h.getValueAtPercentile(90)));
        n.put("p99", ms(h.getValueAtPercentile(99)));
        n.put("p999", ms(h.getValueAtPercentile(99.9)));
        n.put("max", ms(h.getMaxValue()));
        n.put("mean", round(h.getTotalCount() == 0 ? 0 : h.getMean() / 1e6, 3));
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6, 3);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String summary(ObjectNode r) {
        var lat = r.get("latencyMs");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %s c=%d t=%d %.0fs: ", r.get("label").asText(), r.get("mode").asText(),
                r.get("connections").asInt(), r.get("threads").asInt(), r.get("durationS").asDouble()));
        if (r.get("mode").asText().equals("open")) {
            b.append(String.format(Locale.ROOT, "target %,.0f/s sent %,.1f/s, ", r.get("targetRate").asDouble(),
                    r.get("achievedRate").asDouble()));
        }
        b.append(String.format(Locale.ROOT, "%,.0f ok/s (%,d ok, %,d errors%s) latency ms p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f",
                r.get("throughput").asDouble(), r.get("ok").asLong(), r.get("errorCount").asLong(),
                r.get("errorCount").asLong() > 0 ? " " + r.get("errors") : "",
                lat.get("p50").asDouble(), lat.get("p90").asDouble(), lat.get("p99").asDouble(),
                lat.get("p999").asDouble(), lat.get("max").asDouble()));
        if (r.has("sendLagMs")) {
            b.append(String.format(Locale.ROOT, "; send lag p99 %.3f ms, waited for connection %,d, late with idle %,d%s",
                    r.get("sendLagMs").get("p99").asDouble(), r.get("waitedForConnection").asLong(),
                    r.get("lateWithIdle").asLong(), r.get("clientFellBehind").asBoolean() ? " CLIENT FELL BEHIND" : ""));
        }
        if (r.has("cpu")) {
            b.append(String.format(Locale.ROOT, "; CPU per ok: server %.1f µs, load generator %.1f µs",
                    r.get("cpu").get("serverMicrosPerOk").asDouble(), r.get("cpu").get("clientMicrosPerOk").asDouble()));
        }
        return b.toString();
    }

    /** Sleeps until a System.nanoTime() instant. */
    static final class LockSupportSleep {
        static void until(long deadline) {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }
}
