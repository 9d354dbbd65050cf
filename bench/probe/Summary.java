import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarises a bench/probe.sh directory: per-thread CPU per lead, bytes written per lead, GC
 * pauses and the server's latency histograms, all over the measured period only (after minus before).
 * Run as a single-file program: java bench/probe/Summary.java DIR
 */
public class Summary {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String run = Files.readString(dir.resolve("run.json"));
        System.out.println(line(run));
        System.out.printf("leads answered 2xx in the measured period: %,d (load generator)%n", number(run, "ok"));
        Map<String, Double> mBefore = metrics(dir.resolve("metrics-before.txt"));
        Map<String, Double> mAfter = metrics(dir.resolve("metrics-after.txt"));
        // Per lead over the snapshots' own window: the server's count of leads between them.
        String ingested = "leadrouter_ingest_seconds_count";
        long ok = Math.round(mAfter.getOrDefault(ingested, 0.0) - mBefore.getOrDefault(ingested, 0.0));
        System.out.printf("leads ingested between the snapshots: %,d (server; the per-lead figures below)%n", ok);

        Map<String, long[]> before = threads(dir.resolve("threads-before.txt"));
        Map<String, long[]> after = threads(dir.resolve("threads-after.txt"));
        List<Map.Entry<String, long[]>> rows = new ArrayList<>();
        long total = 0;
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[4]);
            long[] a = e.getValue();
            long[] d = {a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]};
            total += d[0] + d[1];
            rows.add(Map.entry(e.getKey(), d));
        }
        rows.sort((x, y) -> Long.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]));
        // Ticks are 1/100 s; per lead in microseconds.
        System.out.printf("server CPU: %.2f s, %.0f µs per lead%n", total / 100.0, total * 10_000.0 / Math.max(ok, 1));
        for (var r : rows.subList(0, Math.min(12, rows.size()))) {
            long[] d = r.getValue();
            if (d[0] + d[1] == 0) continue;
            System.out.printf("  %-22s %6.1f µs/lead (user %.1f, system %.1f)", r.getKey(),
                    (d[0] + d[1]) * 10_000.0 / Math.max(ok, 1), d[0] * 10_000.0 / Math.max(ok, 1), d[1] * 10_000.0 / Math.max(ok, 1));
            // Waiting for a core while runnable: absent from results taken before it was recorded.
            if (d[3] > 0) {
                System.out.printf("; waited to run %.1f µs/lead, %.0f µs per time slice", d[2] / 1000.0 / Math.max(ok, 1),
                        d[2] / 1000.0 / d[3]);
            }
            System.out.println();
        }

        // The load generator's reading over its own measured period (loadgen --server-pid): its CPU
        // per lead, for the budget beside the bare endpoint's (bench/ceiling-cost.sh), and the
        // server's, a check on the snapshots above.
        Matcher cpu = Pattern.compile("\"serverMicrosPerOk\" *: *([0-9.]+).*?\"clientMicrosPerOk\" *: *([0-9.]+)", Pattern.DOTALL).matcher(run);
        if (cpu.find()) {
            System.out.printf("load generator CPU: %s µs per lead (its reading of the server: %s µs)%n", cpu.group(2), cpu.group(1));
        }

        Map<String, Long> ioBefore = io(dir.resolve("io-before.txt"));
        Map<String, Long> ioAfter = io(dir.resolve("io-after.txt"));
        System.out.printf("written per lead: %,.0f bytes to disk (write_bytes), %,.0f bytes in write calls (wchar)%n",
                (ioAfter.get("write_bytes") - ioBefore.get("write_bytes")) / (double) Math.max(ok, 1),
                (ioAfter.get("wchar") - ioBefore.get("wchar")) / (double) Math.max(ok, 1));

        List<String> gc = Files.readAllLines(dir.resolve("gc.log"));
        int from = Integer.parseInt(Files.readString(dir.resolve("gc-lines-before.txt")).trim());
        int to = Integer.parseInt(Files.readString(dir.resolve("gc-lines-after.txt")).trim());
        List<Double> pauses = new ArrayList<>();
        Pattern ms = Pattern.compile("Pause.* ([0-9.]+)ms$");
        for (String l : gc.subList(Math.min(from, gc.size()), Math.min(to, gc.size()))) {
            Matcher m = ms.matcher(l);
            if (m.find()) pauses.add(Double.parseDouble(m.group(1)));
        }
        System.out.printf("GC pauses: %d, longest %.1f ms%n", pauses.size(), pauses.stream().mapToDouble(d -> d).max().orElse(0));

        histogram("ingest (request read -> durable)", "leadrouter_ingest_seconds_bucket", mBefore, mAfter);
        histogram("group commit", "leadrouter_store_commit_seconds_bucket", mBefore, mAfter);
        stages(mBefore, mAfter);
    }

    /** Where the writer's tasks waited, mean per task; the rest of a lead's ingest time is on its request thread. */
    private static void stages(Map<String, Double> before, Map<String, Double> after) {
        String tasksKey = "leadrouter_writer_tasks_total";
        double tasks = after.getOrDefault(tasksKey, 0.0) - before.getOrDefault(tasksKey, 0.0);
        if (tasks <= 0) return;
        StringBuilder sb = new StringBuilder("writer task, µs per task (mean):");
        double sum = 0;
        for (String stage : List.of("queued", "running", "waiting_for_committer", "committing", "syncing", "answering")) {
            String key = "leadrouter_writer_stage_seconds_total{stage=\"" + stage + "\"}";
            double us = (after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0)) / tasks * 1e6;
            sum += us;
            sb.append(String.format(" %s %.0f", stage, us));
        }
        String ingestSum = "leadrouter_ingest_seconds_sum";
        String ingestCount = "leadrouter_ingest_seconds_count";
        double leads = after.getOrDefault(ingestCount, 0.0) - before.getOrDefault(ingestCount, 0.0);
        double ingest = (after.getOrDefault(ingestSum, 0.0) - before.getOrDefault(ingestSum, 0.0)) / Math.max(leads, 1) * 1e6;
        sb.append(String.format("; together %.0f of the mean ingest's %.0f (the rest: the request thread before the writer and after its answer)", sum, ingest));
        System.out.println(sb);
    }

    private static String line(String json) {
        return "latency ms: " + json.replaceAll("(?s).*\"latencyMs\" *: *\\{([^}]*)}.*", "$1").replaceAll("\\s+", " ").trim();
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\" *: *([0-9]+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Map<String, long[]> threads(Path file) throws IOException {
        Map<String, long[]> out = new TreeMap<>();
        for (String l : Files.readAllLines(file)) {
            int bar = l.lastIndexOf('|');
            // Threads of a pool are added up under one name.
            String name = l.substring(0, bar).replaceAll("[-#]?[0-9]+$", "#");
            String[] t = l.substring(bar + 1).trim().split(" ");
            long[] sum = out.computeIfAbsent(name, k -> new long[4]);
            // user and system ticks; run-queue nanoseconds and time slices where recorded
            for (int i = 0; i < Math.min(t.length, 4); i++) sum[i] += Long.parseLong(t[i]);
        }
        return out;
    }

    private static Map<String, Long> io(Path file) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String l : Files.readAllLines(file)) {
            String[] kv = l.split(":\\s*");
            out.put(kv[0], Long.parseLong(kv[1].trim()));
        }
        return out;
    }

    private static Map<String, Double> metrics(Path file) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String l : Files.readAllLines(file)) {
            if (l.startsWith("#") || l.isBlank()) continue;
            int sp = l.lastIndexOf(' ');
            out.put(l.substring(0, sp), Double.parseDouble(l.substring(sp + 1)));
        }
        return out;
    }

    private static void histogram(String title, String name, Map<String, Double> before, Map<String, Double> after) {
        List<String> keys = after.keySet().stream().filter(k -> k.startsWith(name)).toList();
        if (keys.isEmpty()) return;
        double total = after.get(keys.getLast()) - before.getOrDefault(keys.getLast(), 0.0);
        StringBuilder sb = new StringBuilder(title + ", share above:");
        for (String k : keys) {
            String le = k.replaceAll(".*le=\"([^\"]+)\".*", "$1");
            if (le.equals("+Inf")) continue;
            double below = after.get(k) - before.getOrDefault(k, 0.0);
            sb.append(String.format(" %s ms %.2f%%", trim(Double.parseDouble(le) * 1000), 100 * (1 - below / Math.max(total, 1))));
        }
        System.out.println(sb);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
