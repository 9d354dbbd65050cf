package leadrouter.engine;

import leadrouter.routing.LeadHistory;
import leadrouter.store.GroupCommit;
import leadrouter.store.Rows.AssignmentRow;
import leadrouter.store.Rows.DedupeHit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The leads the writer recorded in the last minutes, by dedupe key and by idempotency key. A
 * request looks for committed duplicates before it queues for the writer; this index covers what
 * was recorded between that look-up and the decision (including leads of the same batch, not yet
 * committed). Used only on the writer thread.
 */
public final class RecentLeads implements GroupCommit.Listener {
    /**
     * How long entries stay once committed; a look-up older than {@link #LOOKUP_VALID} is
     * repeated on the writer. A request's look-up saw every lead committed before it, so an entry
     * is needed only while a look-up from before its commit may still be used: at most
     * LOOKUP_VALID after the commit, however long the commit took (kept twice that: the keys reach
     * the request side's filter just after the commit is announced here). The gap between a request's
     * look-up and its decision is normally a few milliseconds. Short, because whatever is here
     * when the young generation is collected is copied: at 1,000 leads/s, 10 s of entries made
     * those pauses 20-30 ms, 2 s 13-15 ms (4 ms with the start script's tenuring threshold).
     */
    static final Duration HORIZON = Duration.ofSeconds(2);
    static final Duration LOOKUP_VALID = Duration.ofSeconds(1);

    /** {@code committedAt} is null until the batch that recorded it is committed; such entries never expire. */
    private record Entry(String leadId, Instant receivedAt, List<LeadView.AssignmentView> assignments, Instant committedAt) {
        Entry committed(Instant at) {
            return new Entry(leadId, receivedAt, assignments, at);
        }
    }

    private record Post(LeadView view, Instant committedAt) {
    }

    /** An earlier lead of the same person, and what routing should know about it. */
    public record Earlier(String leadId, Instant receivedAt, LeadHistory history) {
    }

    private final LinkedHashMap<String, Entry> keys = new LinkedHashMap<>();
    private final LinkedHashMap<String, Post> posts = new LinkedHashMap<>();
    /** Entries of batches not committed yet, with their batch number. */
    private record PendingEntry(long batch, String key) {
    }

    private final List<PendingEntry> pendingKeys = new ArrayList<>();
    private final List<PendingEntry> pendingPosts = new ArrayList<>();
    private final java.time.Clock clock;

    public RecentLeads(java.time.Clock clock) {
        this.clock = clock;
    }

    boolean staleLookup(Instant lookedUp, Instant now) {
        return Duration.between(lookedUp, now).compareTo(LOOKUP_VALID) > 0;
    }

    void recordKeys(long batch, String campaign, List<String> hashes, String leadId, Instant receivedAt, List<LeadView.AssignmentView> assigned) {
        for (String h : hashes) {
            String k = campaign + "|" + h;
            if (keys.putIfAbsent(k, new Entry(leadId, receivedAt, assigned, null)) == null) pendingKeys.add(new PendingEntry(batch, k));
        }
    }

    void recordPost(long batch, String source, String idempotencyKey, LeadView view) {
        if (idempotencyKey == null) return;
        String k = source + "|" + idempotencyKey;
        if (posts.putIfAbsent(k, new Post(view, null)) == null) pendingPosts.add(new PendingEntry(batch, k));
    }

    LeadView byIdempotencyKey(String source, String idempotencyKey) {
        Post p = posts.get(source + "|" + idempotencyKey);
        return p == null ? null : p.view();
    }

    /** The earliest earlier lead sharing a key, among committed hits and recent leads; null if none. */
    Earlier earliestMatch(String campaign, List<String> hashes, Instant since, List<DedupeHit> committed,
                          Function<String, List<AssignmentRow>> assignmentsOf) {
        Entry best = null;
        for (String h : hashes) {
            Entry e = keys.get(campaign + "|" + h);
            if (e != null && !e.receivedAt().isBefore(since) && (best == null || e.receivedAt().isBefore(best.receivedAt()))) best = e;
        }
        DedupeHit hit = null;
        for (DedupeHit d : committed) {
            if (hit == null || d.receivedAt().isBefore(hit.receivedAt())) hit = d;
        }
        if (hit != null && (best == null || hit.receivedAt().isBefore(best.receivedAt()))) {
            List<AssignmentRow> rows = assignmentsOf.apply(hit.leadId()).stream().filter(a -> a.status().equals("active")).toList();
            return new Earlier(hit.leadId(), hit.receivedAt(), history(
                    rows.stream().map(AssignmentRow::buyer).toList(),
                    rows.stream().filter(AssignmentRow::exclusive).map(AssignmentRow::buyer).findFirst().orElse(null)));
        }
        if (best == null) return null;
        return new Earlier(best.leadId(), best.receivedAt(), history(
                best.assignments().stream().map(LeadView.AssignmentView::buyer).toList(),
                best.assignments().stream().filter(LeadView.AssignmentView::exclusive).map(LeadView.AssignmentView::buyer).findFirst().orElse(null)));
    }

    private static LeadHistory history(List<String> buyers, String exclusiveOwner) {
        return new LeadHistory(Set.of(), Set.of(), exclusiveOwner, buyers);
    }

    @Override
    public void committed(long batch) {
        Instant now = clock.instant();
        // Pending entries are in batch order: the committed ones come first.
        int k = 0;
        for (; k < pendingKeys.size() && pendingKeys.get(k).batch() <= batch; k++) {
            String key = pendingKeys.get(k).key();
            keys.computeIfPresent(key, (x, e) -> e.committed(now));
        }
        pendingKeys.subList(0, k).clear();
        int p = 0;
        for (; p < pendingPosts.size() && pendingPosts.get(p).batch() <= batch; p++) {
            posts.computeIfPresent(pendingPosts.get(p).key(), (x, post) -> new Post(post.view(), now));
        }
        pendingPosts.subList(0, p).clear();
        Instant cutoff = now.minus(HORIZON);
        // Insertion order is batch order, so commit order: the scan stops at the first entry to keep.
        expire(keys.values().iterator(), e -> e.committedAt() != null && e.committedAt().isBefore(cutoff));
        expire(posts.values().iterator(), post -> post.committedAt() != null && post.committedAt().isBefore(cutoff));
    }

    @Override
    public void rolledBack(RuntimeException cause) {
        pendingKeys.forEach(p -> keys.remove(p.key()));
        pendingPosts.forEach(p -> posts.remove(p.key()));
        pendingKeys.clear();
        pendingPosts.clear();
    }

    private static <T> void expire(Iterator<T> it, java.util.function.Predicate<T> old) {
        while (it.hasNext()) {
            if (!old.test(it.next())) break; // insertion order: the rest are newer
            it.remove();
        }
    }

}
