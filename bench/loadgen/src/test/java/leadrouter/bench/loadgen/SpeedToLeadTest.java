package leadrouter.bench.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpeedToLeadTest {

    @Test
    void firstArrivalPerLeadMinusItsSendTime() {
        Map<String, Long> sent = SpeedToLead.parse(List.of("+14155550001 1000000", "+14155550002 2000000", "+14155550003 3000000"));
        // Lead 1 arrives twice (two buyers): the first counts. Lead 3 never arrives.
        Map<String, Long> arrived = SpeedToLead.parse(List.of("+14155550001 1012000 b2", "+14155550001 1005000 b1",
                "+14155550002 2040000 b3", "- 2050000 b4", ""));
        ObjectNode r = SpeedToLead.result("stl", sent, arrived);
        assertThat(r.get("sent").asLong()).isEqualTo(3);
        assertThat(r.get("count").asLong()).isEqualTo(2);
        assertThat(r.get("errors").get("missing").asLong()).isEqualTo(1);
        assertThat(r.get("latencyMs").get("p50").asDouble()).isBetween(4.99, 5.01);
        assertThat(r.get("latencyMs").get("max").asDouble()).isBetween(39.9, 40.1);
    }

    @Test
    void tableShowsLoadAndSpeedToLeadRows(@TempDir Path dir) throws Exception {
        Path ceiling = dir.resolve("c.json"), lr = dir.resolve("l.json"), stl = dir.resolve("s.json");
        Files.writeString(ceiling, """
                {"label":"ceiling","mode":"closed","connections":32,"targetRate":null,"throughput":30000.0,
                 "errorCount":0,"errors":{},"latencyMs":{"p50":1.0,"p99":5.0,"p999":9.0,"max":20.0}}""");
        Files.writeString(lr, """
                {"label":"leadrouter","mode":"closed","connections":32,"targetRate":null,"throughput":12000.0,
                 "errorCount":3,"errors":{"503":3},"latencyMs":{"p50":2.0,"p99":8.0,"p999":12.0,"max":30.0}}""");
        Main.JSON.writeValue(stl.toFile(), SpeedToLead.result("speed-to-lead-500",
                Map.of("+14155550001", 0L), Map.of("+14155550001", 7_000L)));
        String table = Table.render(List.of(ceiling.toString(), lr.toString(), stl.toString()));
        assertThat(table).contains("| ceiling | closed c=32 | - | 30,000 | 1.000 |");
        assertThat(table).contains("| leadrouter | closed c=32 | - | 12,000 | 0.400 | 2.00 | 8.00 | 12.00 | 30.00 | {503:3} |");
        assertThat(table).contains("| speed-to-lead-500 | speed-to-lead | - | - | - | 7.00 |");
    }

    @Test
    void eachSaturationRunIsComparedWithTheCeilingAtAsManyConnections(@TempDir Path dir) throws Exception {
        List<String> files = List.of(
                run(dir, "ceiling", 32, 60000), run(dir, "ceiling", 256, 70000),
                run(dir, "leadrouter", 32, 15000), run(dir, "leadrouter", 256, 21000), run(dir, "leadrouter", 64, 12000));
        String table = Table.render(files);
        assertThat(table).contains("| ceiling | closed c=256 | - | 70,000 | 1.000 |");
        assertThat(table).contains("| leadrouter | closed c=32 | - | 15,000 | 0.250 |");
        assertThat(table).contains("| leadrouter | closed c=256 | - | 21,000 | 0.300 |");
        // No ceiling at 64 connections: the first one measured.
        assertThat(table).contains("| leadrouter | closed c=64 | - | 12,000 | 0.200 |");
    }

    @Test
    void runsWithCpuFiguresShowThemAndTheServersBudgetAtOneThird(@TempDir Path dir) throws Exception {
        Path ceiling = dir.resolve("c.json"), lr = dir.resolve("l.json"), fixed = dir.resolve("f.json");
        Files.writeString(ceiling, """
                {"label":"ceiling","mode":"closed","connections":256,"targetRate":null,"throughput":30000.0,
                 "errorCount":0,"errors":{},"latencyMs":{"p50":1.0,"p99":5.0,"p999":9.0,"max":20.0},
                 "cpu":{"serverMicrosPerOk":48.0,"clientMicrosPerOk":15.0}}""");
        Files.writeString(lr, """
                {"label":"leadrouter","mode":"closed","connections":256,"targetRate":null,"throughput":9000.0,
                 "errorCount":0,"errors":{},"latencyMs":{"p50":2.0,"p99":8.0,"p999":12.0,"max":30.0},
                 "cpu":{"serverMicrosPerOk":160.0,"clientMicrosPerOk":20.0}}""");
        Files.writeString(fixed, """
                {"label":"leadrouter-1000","mode":"open","connections":64,"targetRate":1000.0,"throughput":1000.0,
                 "errorCount":0,"errors":{},"latencyMs":{"p50":1.0,"p99":3.0,"p999":4.0,"max":5.0}}""");
        String table = Table.render(List.of(ceiling.toString(), lr.toString(), fixed.toString()));
        assertThat(table).contains("| server µs/ok | client µs/ok | server budget µs at 1/3 |");
        assertThat(table).contains("| 20.00 | 0 | 48.0 | 15.0 | - |");
        // 3 x (48 + 15) - 20: the run's own load generator takes its share of the three.
        assertThat(table).contains("| 30.00 | 0 | 160.0 | 20.0 | 169 |");
        assertThat(table).contains("| 5.00 | 0 | - | - | - |");
    }

    @Test
    void cpuMeterReadsTheServersAndItsOwnCpuOverThePeriod() throws Exception {
        long now = System.nanoTime();
        // The "server" is this process too: both read the same counter, which a busy loop advances.
        Main.CpuMeter meter = Main.CpuMeter.start(ProcessHandle.current().pid(), now, now + 300_000_000L);
        long x = 0;
        while (System.nanoTime() < now + 350_000_000L) x += System.nanoTime() % 7;
        ObjectNode r = Main.JSON.createObjectNode().put("ok", 1000);
        meter.report(r);
        assertThat(x).isPositive();
        assertThat(r.get("cpu").get("serverSeconds").asDouble()).isPositive();
        assertThat(r.get("cpu").get("serverMicrosPerOk").asDouble())
                .isEqualTo(r.get("cpu").get("serverSeconds").asDouble() * 1000, org.assertj.core.data.Offset.offset(30.0));
    }

    private static String run(Path dir, String label, int connections, double throughput) throws Exception {
        Path f = dir.resolve(label + "-" + connections + ".json");
        Files.writeString(f, """
                {"label":"%s","mode":"closed","connections":%d,"targetRate":null,"throughput":%s,
                 "errorCount":0,"errors":{},"latencyMs":{"p50":1.0,"p99":5.0,"p999":9.0,"max":20.0}}"""
                .formatted(label, connections, throughput));
        return f.toString();
    }
}
