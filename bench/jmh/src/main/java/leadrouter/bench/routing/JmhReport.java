package leadrouter.bench.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Markdown table from JMH's JSON results ({@code -rf json}): per (rules, buyers) cell, decisions/s
 * from the throughput benchmark, decisions/s with each decision counted in the state (and given
 * back) from {@code throughputCounting}, and percentiles from the sample-time one.
 * Usage: {@code JmhReport results.json}.
 */
public final class JmhReport {

    private JmhReport() {
    }

    private static final class Row {
        double opsPerSecond = Double.NaN, opsError = Double.NaN;
        double countingOps = Double.NaN, countingError = Double.NaN;
        double p50 = Double.NaN, p90 = Double.NaN, p99 = Double.NaN, p999 = Double.NaN, max = Double.NaN;
        String unit = "us";
    }

    /** A number, or "-" when that benchmark was not run. */
    private static String num(String format, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JmhReport results.json");
            System.exit(2);
        }
        JsonNode runs = new ObjectMapper().readTree(new File(args[0]));
        Map<String, Row> rows = new TreeMap<>((a, b) -> {
            String[] x = a.split("x"), y = b.split("x");
            int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
            return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        });
        for (JsonNode run : runs) {
            JsonNode params = run.path("params");
            String key = params.path("rules").asText() + "x" + params.path("buyers").asText();
            Row row = rows.computeIfAbsent(key, k -> new Row());
            JsonNode m = run.path("primaryMetric");
            String mode = run.path("mode").asText();
            if (mode.equals("thrpt") && run.path("benchmark").asText().endsWith("Counting")) {
                row.countingOps = m.path("score").asDouble();
                row.countingError = m.path("scoreError").asDouble();
            } else if (mode.equals("thrpt")) {
                row.opsPerSecond = m.path("score").asDouble();
                row.opsError = m.path("scoreError").asDouble();
            } else if (mode.equals("sample")) {
                JsonNode pc = m.path("scorePercentiles");
                row.unit = m.path("scoreUnit").asText().replace("/op", "");
                row.p50 = pc.path("50.0").asDouble();
                row.p90 = pc.path("90.0").asDouble();
                row.p99 = pc.path("99.0").asDouble();
                row.p999 = pc.path("99.9").asDouble();
                row.max = pc.path("100.0").asDouble();
            }
        }
        String unit = rows.values().stream().findFirst().map(r -> r.unit).orElse("us");
        System.out.printf("| rules | buyers | decisions/s | ± (99.9%% CI) | counting, decisions/s | ± | p50 %s | p90 %s | p99 %s | p99.9 %s | max %s |%n",
                unit, unit, unit, unit, unit);
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach((k, r) -> {
            String[] rb = k.split("x");
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", rb[0], rb[1],
                    num("%,.0f", r.opsPerSecond), num("%,.0f", r.opsError), num("%,.0f", r.countingOps), num("%,.0f", r.countingError),
                    num("%.2f", r.p50), num("%.2f", r.p90),
                    num("%.2f", r.p99), num("%.2f", r.p999), num("%.1f", r.max));
        });
    }
}
