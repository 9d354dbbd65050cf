package leadrouter.bench.loadgen;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown table of JSON results (load runs and speed-to-lead), in the order given. A closed-loop
 * throughput is compared with the closed-loop result labelled {@code ceiling...} (the bare HTTP
 * server measured in the same run) with as many connections, or else the first such result.
 */
final class Table {

    private Table() {
    }

    static String render(List<String> files) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String f : files) rows.add(Main.JSON.readTree(new File(f)));
        List<JsonNode> ceilings = rows.stream()
                .filter(r -> r.path("label").asText().startsWith("ceiling") && r.path("mode").asText().equals("closed"))
                .toList();
        StringBuilder b = new StringBuilder();
        b.append("| run | mode | target/s | ok/s | vs ceiling | p50 ms | p99 ms | p99.9 ms | max ms | errors |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (JsonNode r : rows) {
            JsonNode lat = r.path("latencyMs");
            String mode = r.path("mode").asText();
            String target = r.path("targetRate").isNumber() ? String.format(Locale.ROOT, "%,.0f", r.path("targetRate").asDouble()) : "-";
            double ceiling = ceilingFor(ceilings, r);
            String ratio = Double.isNaN(ceiling) || ceiling == 0 || !mode.equals("closed") ? "-"
                    : String.format(Locale.ROOT, "%.3f", r.path("throughput").asDouble() / ceiling);
            String errors = r.path("errorCount").asLong() == 0 ? "0" : r.path("errors").toString().replace("\"", "");
            if (r.path("clientFellBehind").asBoolean()) errors += " (client fell behind)";
            String modeText = r.has("connections") ? mode + " c=" + r.path("connections").asInt() : mode;
            String okPerSecond = r.path("throughput").isNumber() ? String.format(Locale.ROOT, "%,.0f", r.path("throughput").asDouble()) : "-";
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %s |%n",
                    r.path("label").asText(), modeText, target, okPerSecond,
                    ratio, lat.path("p50").asDouble(), lat.path("p99").asDouble(), lat.path("p999").asDouble(),
                    lat.path("max").asDouble(), errors));
        }
        return b.toString();
    }

    private static double ceilingFor(List<JsonNode> ceilings, JsonNode run) {
        if (ceilings.isEmpty()) return Double.NaN;
        JsonNode match = ceilings.stream()
                .filter(c -> c.path("connections").asInt() == run.path("connections").asInt())
                .findFirst().orElse(ceilings.getFirst());
        return match.path("throughput").asDouble();
    }
}
