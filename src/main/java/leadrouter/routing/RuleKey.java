package leadrouter.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a rule's rotation: campaign id, rule name and a signature of its pool (buyers,
 * weights, priorities). Editing other parts of the config keeps the rotation going; changing the
 * pool starts a fresh one, so new weights apply from that moment instead of being "caught up" on.
 */
public record RuleKey(String campaign, String rule) {

    public static RuleKey of(String campaign, Rule r) {
        return new RuleKey(campaign, r.name() + "@" + signature(r.distribute()));
    }

    static String signature(Distribution d) {
        StringBuilder sb = new StringBuilder(d.method());
        for (Slot s : d.pool()) sb.append('|').append(s.buyer()).append(':').append(s.weight()).append(':').append(s.priority());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
