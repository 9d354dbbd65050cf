package leadrouter.routing;

/**
 * Working arrays for one decision at a time, kept per thread. A decision over a pool of a hundred
 * buyers needs some kilobytes of them; allocated afresh they are written over new memory on every
 * decision, which pushes the plans and memos the next decision reads out of the CPU caches. Only
 * the router's own loops see these arrays: a decision returns nothing that points into them, and
 * a decision never starts another on the same thread while it runs.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    boolean[] picked = new boolean[0];
    int[] tier = new int[0];
    long[] c = new long[0];
    long[] w = new long[0];
    long[] turns = new long[0];
    boolean[] turnsRead = new boolean[0];
    int[] turnedOrder = new int[0];
    boolean[] turned = new boolean[0];
    /** Local time now per zone of the plan, and whether read (see {@code Eligibility}). */
    long[] localNow = new long[0];
    boolean[] localKnown = new boolean[0];
    /** The rule traces of the decision under way (see {@code Router.RuleTraces}). */
    Trace.RuleTrace[] ruleTraces = new Trace.RuleTrace[0];

    /** Per gate, its answer for the lead; per family, its look-up (see {@code RuleGates}). */
    byte[] gates = new byte[0];
    int[] gateFamilies = new int[0];

    static Scratch get() {
        return PER_THREAD.get();
    }

    /** Sized for {@code gates} gates and {@code families} families, none answered yet. */
    Scratch forGates(int gates, int families) {
        if (this.gates.length < gates) this.gates = new byte[gates];
        if (gateFamilies.length < families) gateFamilies = new int[families];
        java.util.Arrays.fill(this.gates, 0, gates, (byte) 0);
        java.util.Arrays.fill(gateFamilies, 0, families, RuleGates.UNRESOLVED);
        return this;
    }

    /** Sized for a plan of {@code zones} zones, none read yet. */
    Scratch forZones(int zones) {
        if (localNow.length < zones) {
            localNow = new long[zones];
            localKnown = new boolean[zones];
        }
        java.util.Arrays.fill(localKnown, 0, zones, false);
        return this;
    }

    /** Sized for a pool of {@code n} slots and {@code distinct} buyers; flags cleared. */
    Scratch forPool(int n, int distinct) {
        if (picked.length < n) {
            picked = new boolean[n];
            tier = new int[n];
            c = new long[n];
            w = new long[n];
        }
        if (turns.length < distinct) {
            turns = new long[distinct];
            turnsRead = new boolean[distinct];
            turnedOrder = new int[distinct];
            turned = new boolean[distinct];
        }
        java.util.Arrays.fill(picked, 0, n, false);
        java.util.Arrays.fill(turnsRead, 0, distinct, false);
        java.util.Arrays.fill(turned, 0, distinct, false);
        return this;
    }
}
