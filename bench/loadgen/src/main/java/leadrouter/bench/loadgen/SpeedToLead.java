package leadrouter.bench.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Speed to lead: for every lead of a run's sent log ("phone epoch-micros", the intended send time),
 * the first time a buyer endpoint received it (the sink's "phone epoch-micros buyer" lines), as a
 * latency distribution. Leads that never arrived within the wait are counted as missing.
 */
final class SpeedToLead {

    private SpeedToLead() {
    }

    static void main(String[] args) throws IOException, InterruptedException {
        Path sent = null, json = null;
        String arrivals = null, label = "speed-to-lead";
        Duration wait = Duration.ofSeconds(15);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sent" -> sent = Path.of(args[i + 1]);
                case "--arrivals" -> arrivals = args[i + 1];
                case "--label" -> label = args[i + 1];
                case "--json" -> json = Path.of(args[i + 1]);
                case "--wait" -> wait = Options.duration(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) throw new IllegalArgumentException("missing value for " + args[args.length - 1]);
        if (sent == null || arrivals == null) throw new IllegalArgumentException("--sent and --arrivals are required");

        Map<String, Long> sentAt = parse(Files.readAllLines(sent));
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Long> firstArrival;
        while (true) {
            firstArrival = parse(read(arrivals));
            long matched = sentAt.keySet().stream().filter(firstArrival::containsKey).count();
            if (matched == sentAt.size() || System.nanoTime() >= deadline || !arrivals.startsWith("http")) break;
            Thread.sleep(500);
        }
        ObjectNode r = result(label, sentAt, firstArrival);
        System.out.println(summary(r));
        if (json != null) {
            if (json.getParent() != null) Files.createDirectories(json.getParent());
            Main.JSON.writeValue(json.toFile(), r);
        }
    }

    static ObjectNode result(String label, Map<String, Long> sentAt, Map<String, Long> firstArrival) {
        Histogram h = new Histogram(Worker.HIGHEST, 3);
        long missing = 0;
        for (Map.Entry<String, Long> e : sentAt.entrySet()) {
            Long at = firstArrival.get(e.getKey());
            if (at == null) missing++;
            else h.recordValue(Math.min(Math.max(at - e.getValue(), 0) * 1_000, Worker.HIGHEST));
        }
        ObjectNode r = Main.JSON.createObjectNode();
        r.put("label", label);
        r.put("mode", "speed-to-lead");
        r.put("sent", sentAt.size());
        r.put("count", h.getTotalCount());
        r.put("ok", h.getTotalCount());
        r.put("errorCount", missing);
        ObjectNode errors = r.putObject("errors");
        if (missing > 0) errors.put("missing", missing);
        ObjectNode lat = r.putObject("latencyMs");
        lat.put("p50", h.getValueAtPercentile(50) / 1e6);
        lat.put("p90", h.getValueAtPercentile(90) / 1e6);
        lat.put("p99", h.getValueAtPercentile(99) / 1e6);
        lat.put("p999", h.getValueAtPercentile(99.9) / 1e6);
        lat.put("max", h.getMaxValue() / 1e6);
        lat.put("mean", h.getTotalCount() == 0 ? 0 : h.getMean() / 1e6);
        return r;
    }

    static String summary(ObjectNode r) {
        var lat = r.get("latencyMs");
        return String.format(Locale.ROOT, "%s: %,d of %,d leads delivered (%,d missing); send -> delivery ms p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f",
                r.get("label").asText(), r.get("count").asLong(), r.get("sent").asLong(), r.get("errorCount").asLong(),
                lat.get("p50").asDouble(), lat.get("p90").asDouble(), lat.get("p99").asDouble(),
                lat.get("p999").asDouble(), lat.get("max").asDouble());
    }

    /** "phone epoch-micros [...]" lines to the earliest time per phone; lines without a phone are skipped. */
    static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> out = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2 || !parts[0].startsWith("+")) continue;
            out.merge(parts[0], Long.parseLong(parts[1]), Math::min);
        }
        return out;
    }

    private static List<String> read(String source) throws IOException, InterruptedException {
        if (!source.startsWith("http://") && !source.startsWith("https://")) return Files.readAllLines(Path.of(source));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create(source)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) throw new IOException("GET " + source + " answered " + res.statusCode());
            return res.body().lines().toList();
        }
    }
}
