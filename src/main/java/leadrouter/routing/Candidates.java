package leadrouter.routing;

import leadrouter.routing.Trace.CandidateTrace;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The candidates of one matched rule as the decision left them: the pool, each slot's skip
 * reason from eligibility (null when eligible) and the slots picked. The trace entries are made
 * from these on first read, not during the decision: most traces are read once, to be stored, and
 * many never are. An immutable list; equal to the list of the same entries built any other way.
 */
final class Candidates extends AbstractList<CandidateTrace> implements RandomAccess {

    private final RulePlan.Pool pool;
    private final int method;
    /** By slot: why eligibility skipped it, or null. Owned by this list once built. */
    private final SkipReason[] reason;
    /** Slots picked, in order; {@link #picks} of them. */
    private final int[] picked;
    private final int picks;
    /** The entries once made; equal whichever thread makes them, so a race only makes them twice. */
    private volatile List<CandidateTrace> entries;

    Candidates(RulePlan.Pool pool, int method, SkipReason[] reason, int[] picked, int picks) {
        this.pool = pool;
        this.method = method;
        this.reason = reason;
        this.picked = picked;
        this.picks = picks;
    }

    @Override
    public int size() {
        return pool.size;
    }

    @Override
    public CandidateTrace get(int i) {
        return entries().get(i);
    }

    private List<CandidateTrace> entries() {
        List<CandidateTrace> e = entries;
        if (e == null) entries = e = make();
        return e;
    }

    private List<CandidateTrace> make() {
        CandidateTrace[] out = new CandidateTrace[pool.size];
        int[] at = {0};
        forEach((buyer, selected, skipped, bid, price) -> out[at[0]++] = new CandidateTrace(buyer, selected, skipped, bid, price));
        return List.of(out);
    }

    /** Gives each candidate's fields in order, without making entries (unless they are made already). */
    <E extends Exception> void forEach(Trace.CandidateSink<E> sink) throws E {
        List<CandidateTrace> made = entries;
        if (made != null) {
            for (CandidateTrace t : made) sink.accept(t.buyer(), t.selected(), t.skipped(), t.bidCents(), t.priceCents());
            return;
        }
        int n = pool.size;
        int winner = picks == 0 ? -1 : picked[picks - 1];
        for (int i = 0; i < n; i++) {
            Long shownBid = pool.shownBid != null ? pool.shownBid[i] : null;
            if (reason[i] != null) {
                sink.accept(pool.ids[i], false, reason[i], shownBid, null);
            } else if (isPicked(i)) {
                sink.accept(pool.ids[i], true, null, shownBid, pool.price[i]);
            } else {
                sink.accept(pool.ids[i], false, lostTo(i, winner), shownBid, null);
            }
        }
    }

    private boolean isPicked(int i) {
        for (int k = 0; k < picks; k++) if (picked[k] == i) return true;
        return false;
    }

    /** Why an eligible slot lost to the last slot picked. */
    private SkipReason lostTo(int i, int winner) {
        if (winner < 0) return Eligibility.NOT_NEXT;
        if (method == RulePlan.HIGHEST_BID && pool.bid[i] < pool.bid[winner]) {
            return new SkipReason.LowerBid(pool.bid[i], pool.bid[winner]);
        }
        int p = pool.priority[i], wp = pool.priority[winner];
        boolean ranked = method == RulePlan.PRIORITY || method == RulePlan.HIGHEST_BID;
        if (ranked && p > wp) return new SkipReason.LowerPriority(p, wp);
        return Eligibility.NOT_NEXT;
    }
}
