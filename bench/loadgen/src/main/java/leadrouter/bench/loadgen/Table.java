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
 *
 * <p>Runs made with {@code --server-pid} also show the CPU per answered request of the server and of
 * the load generator, and a closed-loop run beside a ceiling that has them its server's budget: the
 * most CPU per request its server may spend for a third of the ceiling's rate, 3 x (the ceiling's
 * server + load generator) - its own load generator's, if both runs get the machine's whole CPU.
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
        boolean cpu = rows.stream().anyMatch(r -> r.has("cpu"));
        b.append("| run | mode | target/s | ok/s | vs ceiling | p50 ms | p99 ms | p99.9 ms | max ms | errors |");
        b.append(cpu ? " server µs/ok | client µs/ok | server budget µs at 1/3 |\n" : "\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        b.append(cpu ? "---:|---:|---:|\n" : "\n");
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
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %s |",
                    r.path("label").asText(), modeText, target, okPerSecond,
                    ratio, lat.path("p50").asDouble(), lat.path("p99").asDouble(), lat.path("p999").asDouble(),
                    lat.path("max").asDouble(), errors));
            if (cpu) {
                JsonNode ceilingRun = ceilings.isEmpty() || !mode.equals("closed") ? null : ceilingRunFor(ceilings, r);
                b.append(String.format(Locale.ROOT, " %s | %s | %s |", micros(r, "serverMicrosPerOk"), micros(r, "clientMicrosPerOk"),
                        ceilingRun == null || ceilingRun == r ? "-" : budget(ceilingRun, r)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String micros(JsonNode run, String field) {
        JsonNode v = run.path("cpu").path(field);
        return v.isNumber() ? String.format(Locale.ROOT, "%.1f", v.asDouble()) : "-";
    }

    /** 3 x (the ceiling's server + load generator CPU per request) - this run's load generator's. */
    private static String budget(JsonNode ceiling, JsonNode run) {
        JsonNode c = ceiling.path("cpu"), own = run.path("cpu");
        if (!c.path("serverMicrosPerOk").isNumber() || !own.path("clientMicrosPerOk").isNumber()) return "-";
        double perRequest = c.path("serverMicrosPerOk").asDouble() + c.path("clientMicrosPerOk").asDouble();
        return String.format(Locale.ROOT, "%.0f", 3 * perRequest - own.path("clientMicrosPerOk").asDouble());
    }

    private static double ceilingFor(List<JsonNode> ceilings, JsonNode run) {
        if (ceilings.isEmpty()) return Double.NaN;
        return ceilingRunFor(ceilings, run).path("throughput").asDouble();
    }

    private static JsonNode ceilingRunFor(List<JsonNode> ceilings, JsonNode run) {
        return ceilings.stream()
                .filter(c -> c.path("connections").asInt() == run.path("connections").asInt())
                .findFirst().orElse(ceilings.getFirst());
    }
}
