package leadrouter.routing;

import java.util.List;
import java.util.Set;

/**
 * What happened to this lead (or the same person) before: buyers that hold it now, buyers that
 * rejected it, the buyer that holds the person exclusively (from dedupe), and the buyers of an
 * earlier duplicate to try first (dedupe action {@code same_buyer}).
 */
public record LeadHistory(Set<String> holders, Set<String> rejectedBy, String exclusiveOwner, List<String> previousBuyers) {
    public static final LeadHistory NONE = new LeadHistory(Set.of(), Set.of(), null, List.of());

    public LeadHistory {
        holders = Set.copyOf(holders);
        rejectedBy = Set.copyOf(rejectedBy);
        previousBuyers = List.copyOf(previousBuyers);
    }
}
