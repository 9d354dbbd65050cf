package leadrouter.bench.audit;

import leadrouter.audit.TraceJson;
import leadrouter.bench.routing.SyntheticRouting;
import leadrouter.routing.Router;
import leadrouter.routing.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The trace as JSON text, as the writer thread makes it for every routed lead's audit event:
 * {@code TraceJson.text} of {@code TraceJson.write}, over the traces of 1,024 decisions of a
 * synthetic campaign made in the set-up (10 rules x 10 buyers is the shape of bench-config.yaml).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TraceJsonBenchmark {
    @Param({"10"})
    public int rules;

    @Param({"10"})
    public int buyers;

    private Trace[] traces;
    private int next;

    @Setup
    public void setUp() {
        SyntheticRouting.Workload w = SyntheticRouting.build(rules, buyers, 20260318L);
        traces = new Trace[SyntheticRouting.LEADS];
        for (int i = 0; i < traces.length; i++) {
            traces[i] = Router.decide(w.leads()[i], w.config(), w.state(), w.now()).trace();
        }
    }

    @Benchmark
    public String text() {
        Trace t = traces[next];
        next = (next + 1) & (traces.length - 1);
        return TraceJson.text(g -> TraceJson.write(g, t));
    }
}
