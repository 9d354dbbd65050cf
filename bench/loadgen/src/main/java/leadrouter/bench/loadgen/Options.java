package leadrouter.bench.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of a load run. */
record Options(String host, int port, String path, String method, List<String> headers, String campaign,
               String template, int connections, int threads, Duration warmup, Duration duration, Double rate,
               Duration drain, long seed, long start, String label, Path json, Path sentLog, boolean quiet,
               Long serverPid) {

    static final String USAGE = """
            usage: loadgen [options]            run a load test
                   loadgen table FILE...        print a Markdown table of JSON results
                   loadgen stl --sent FILE --arrivals URL|FILE [--label L] [--json FILE]
                                                speed to lead: first delivery of each sent lead minus its send time

              --url URL            target, e.g. http://127.0.0.1:8080/api/v1/leads (default http://127.0.0.1:8080)
              --path PATH          request path (default: the URL's path, else /api/v1/leads)
              --method M           HTTP method (default POST)
              --header 'N: V'      extra request header, repeatable (e.g. 'Authorization: Bearer bench-key')
              --campaign ID        campaign written into the body (default solar)
              --body-file FILE     body template with {{placeholders}} (default: a solar lead)
              --connections N      keep-alive connections (default 32 closed-loop, 64 open-loop)
              --threads N          event-loop threads sharing the connections (default 1)
              --rate R             open loop: R requests/s at fixed intended times; without it, closed loop
              --warmup D           not recorded, e.g. 15s (default 0s)
              --duration D         recorded period, e.g. 30s (default 10s)
              --drain D            wait this long for responses after the end (default 5s)
              --seed S             lead generator seed (default 42)
              --start N            first lead sequence number; give disjoint ranges to runs against one server
              --label NAME         name of the run in results and tables (default: the mode)
              --json FILE          write the JSON result there
              --sent-log FILE      write "phone epoch-micros" of each recorded request (intended send time)
              --server-pid PID     also read this process's CPU (and the generator's own) over the recorded period
              --quiet              print only the summary line
            """;

    static Options parse(String[] args) throws IOException {
        String url = "http://127.0.0.1:8080";
        String path = null, method = "POST", campaign = "solar", template = BodyTemplate.DEFAULT, label = null;
        List<String> headers = new ArrayList<>();
        Integer connections = null;
        int threads = 1;
        Duration warmup = Duration.ZERO, duration = Duration.ofSeconds(10), drain = Duration.ofSeconds(5);
        Double rate = null;
        long seed = 42, start = 0;
        Path json = null, sentLog = null;
        boolean quiet = false;
        Long serverPid = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quiet")) {
                quiet = true;
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) throw new IllegalArgumentException("");
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + a);
            String v = args[++i];
            switch (a) {
                case "--url" -> url = v;
                case "--path" -> path = v;
                case "--method" -> method = v.toUpperCase();
                case "--header" -> {
                    if (!v.contains(":")) throw new IllegalArgumentException("header must be 'Name: value', got '" + v + "'");
                    headers.add(v);
                }
                case "--campaign" -> campaign = v;
                case "--body-file" -> template = Files.readString(Path.of(v)).strip();
                case "--connections" -> connections = positive(a, Integer.parseInt(v));
                case "--threads" -> threads = positive(a, Integer.parseInt(v));
                case "--rate" -> {
                    rate = Double.parseDouble(v);
                    if (!(rate > 0)) throw new IllegalArgumentException("--rate must be positive");
                }
                case "--warmup" -> warmup = duration(v);
                case "--duration" -> duration = duration(v);
                case "--drain" -> drain = duration(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--start" -> start = Long.parseLong(v);
                case "--label" -> label = v;
                case "--json" -> json = Path.of(v);
                case "--sent-log" -> sentLog = Path.of(v);
                case "--server-pid" -> serverPid = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme())) throw new IllegalArgumentException("only http:// URLs are supported: " + url);
        int port = u.getPort() < 0 ? 80 : u.getPort();
        if (path == null) path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/api/v1/leads" : u.getRawPath();
        int conns = connections != null ? connections : rate != null ? 64 : 32;
        if (threads > conns) throw new IllegalArgumentException("--threads must not exceed --connections");
        if (duration.isZero()) throw new IllegalArgumentException("--duration must be positive");
        if (serverPid != null && ProcessHandle.of(serverPid).isEmpty()) throw new IllegalArgumentException("--server-pid " + serverPid + ": no such process");
        if (label == null) label = rate == null ? "closed-c" + conns : "open-" + fmtRate(rate);
        return new Options(u.getHost(), port, path, method, List.copyOf(headers), campaign, template, conns, threads,
                warmup, duration, rate, drain, seed, start, label, json, sentLog, quiet, serverPid);
    }

    boolean openLoop() {
        return rate != null;
    }

    static Duration duration(String s) {
        s = s.trim().toLowerCase();
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            if (s.endsWith("m")) return Duration.ofSeconds(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60));
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (e.g. 500ms, 30s, 2m)");
        }
    }

    static String fmtRate(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    private static int positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be at least 1");
        return v;
    }
}
