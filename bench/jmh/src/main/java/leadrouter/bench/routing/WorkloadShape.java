package leadrouter.bench.routing;

import leadrouter.routing.Decision;
import leadrouter.routing.Lead;
import leadrouter.routing.Router;
import leadrouter.routing.Trace;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the benchmark's decisions look like: how far down the rule list a lead goes, the outcomes,
 * and why candidates were skipped. Run it to check the workload is the one the numbers claim.
 * Usage: {@code WorkloadShape [rules buyers]...} (default: the benchmark grid).
 */
public final class WorkloadShape {

    public record Shape(int rules, int buyers, double meanRulesTried, double meanMatchedRules, double meanTurns,
                        int maxTurns, Map<String, Integer> outcomes, Map<String, Integer> skips, int decisions) {
        double share(String outcome) {
            return outcomes.getOrDefault(outcome, 0) / (double) decisions;
        }
    }

    private WorkloadShape() {
    }

    public static Shape measure(int rules, int buyers) {
        SyntheticRouting.Workload w = SyntheticRouting.build(rules, buyers, 20260318L);
        long tried = 0, matched = 0, turns = 0;
        int maxTurns = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> skips = new TreeMap<>();
        for (Lead lead : w.leads()) {
            Decision d = Router.decide(lead, w.config(), w.state(), w.now());
            outcomes.merge(d.status(), 1, Integer::sum);
            tried += d.trace().rules().size();
            if (d instanceof Decision.Assigned a) {
                // Turns a rotation stepped through: one per buyer it passed over, plus the pick.
                int taken = 0;
                for (Decision.RotationUpdate r : a.rotation()) taken += (int) (r.turns() - w.state().rotationTurns(r.rule(), r.buyer()));
                turns += taken;
                maxTurns = Math.max(maxTurns, taken);
            }
            for (Trace.RuleTrace rt : d.trace().rules()) {
                if (!rt.matched()) continue;
                matched++;
                for (Trace.CandidateTrace c : rt.candidates()) {
                    if (c.skipped() != null) skips.merge(c.skipped().code(), 1, Integer::sum);
                }
            }
        }
        int n = w.leads().length;
        return new Shape(rules, buyers, tried / (double) n, matched / (double) n, turns / (double) n, maxTurns, outcomes, skips, n);
    }

    public static void main(String[] args) {
        int[][] cells;
        if (args.length >= 2) {
            cells = new int[args.length / 2][];
            for (int i = 0; i + 1 < args.length; i += 2) cells[i / 2] = new int[]{Integer.parseInt(args[i]), Integer.parseInt(args[i + 1])};
        } else {
            cells = new int[9][];
            int k = 0;
            for (int r : new int[]{10, 50, 500}) for (int b : new int[]{10, 100, 1000}) cells[k++] = new int[]{r, b};
        }
        System.out.println("| rules | buyers | rules tried (mean) | matched rules (mean) | rotation turns (mean, max) | assigned | deferred | unassigned | skip reasons per decision |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (int[] c : cells) {
            Shape s = measure(c[0], c[1]);
            StringBuilder skips = new StringBuilder();
            s.skips().forEach((k, v) -> skips.append(skips.isEmpty() ? "" : ", ").append(k).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", v / (double) s.decisions())));
            System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.2f | %.2f, %d | %.0f%% | %.0f%% | %.0f%% | %s |%n", s.rules(), s.buyers(),
                    s.meanRulesTried(), s.meanMatchedRules(), s.meanTurns(), s.maxTurns(), 100 * s.share("assigned"), 100 * s.share("deferred"),
                    100 * s.share("unassigned"), skips);
        }
    }
}
