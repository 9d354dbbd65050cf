package leadrouter.ingest;

import java.util.Set;

/**
 * A lead supplier or form: its API keys, stored only as "sha256:<hex>" hashes, the campaigns it
 * may post to, and (optionally) how its signed webhooks are verified.
 */
public record Source(String id, String name, Set<String> keyHashes, Set<String> campaigns, Webhook webhook) {
    public Source {
        keyHashes = Set.copyOf(keyHashes);
        campaigns = Set.copyOf(campaigns);
    }

    public Source(String id, String name, Set<String> keyHashes, Set<String> campaigns) {
        this(id, name, keyHashes, campaigns, null);
    }

    public boolean mayPostTo(String campaign) {
        return campaigns.contains(campaign);
    }

    /**
     * Signed webhooks: the signature scheme and the name of the secret ({@code ${NAME}} in the
     * config), read from the secrets file or the environment when a webhook arrives.
     */
    public record Webhook(WebhookSignature.Scheme scheme, String secretName) {
    }
}
