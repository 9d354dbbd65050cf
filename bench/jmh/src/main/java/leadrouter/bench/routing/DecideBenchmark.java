package leadrouter.bench.routing;

import leadrouter.routing.Decision;
import leadrouter.routing.Lead;
import leadrouter.routing.Router;
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
 * {@code Router.decide} on one thread over a synthetic campaign: {@code rules} rules, each with a
 * pool of all {@code buyers} buyers, cycling through 1,024 pre-built leads.
 *
 * <p>{@code throughput} and {@code latency} leave the state as it is between decisions (the
 * router is pure; applying claims is the store's cost). {@code throughputCounting} is what a
 * running server does: each decision's claims are counted in the state, so the buyer it picked
 * has changed before the next decision, and then given back (so that caps never fill up and the
 * workload keeps its shape). It times both the decision and the two updates of the state, each
 * logged as a change that the next decision must take into account.
 */
@State(Scope.Thread)
public class DecideBenchmark {

    @Param({"10", "50", "500"})
    public int rules;

    @Param({"10", "100", "1000"})
    public int buyers;

    private SyntheticRouting.Workload w;
    private Lead[] leads;
    private int next;

    @Setup
    public void setUp() {
        w = SyntheticRouting.build(rules, buyers, 20260318L);
        leads = w.leads();
    }

    private Lead nextLead() {
        Lead l = leads[next];
        next = (next + 1) & (SyntheticRouting.LEADS - 1);
        return l;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Decision throughput() {
        return Router.decide(nextLead(), w.config(), w.state(), w.now());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Decision throughputCounting() {
        Decision d = Router.decide(nextLead(), w.config(), w.state(), w.now());
        if (d instanceof Decision.Assigned a) {
            // As the server counts them (MemoryState.apply, less the rotation updates), then given back.
            w.state().count(a.claims(), 1);
            w.state().count(a.claims(), -1);
        }
        return d;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Decision latency() {
        return Router.decide(nextLead(), w.config(), w.state(), w.now());
    }
}
