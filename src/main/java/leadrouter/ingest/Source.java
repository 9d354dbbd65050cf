package leadrouter.ingest;

import java.util.Set;

/**
 * A lead supplier or form: its API keys, stored only as "sha256:<hex>" hashes, and the campaigns it
 * may post to.
 */
public record Source(String id, String name, Set<String> keyHashes, Set<String> campaigns) {
    public Source {
        keyHashes = Set.copyOf(keyHashes);
        campaigns = Set.copyOf(campaigns);
    }

    public boolean mayPostTo(String campaign) {
        return campaigns.contains(campaign);
    }
}
