package leadrouter.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the HMAC-SHA256 signature of an inbound webhook over its exact raw body. Three schemes:
 * <ul>
 *   <li>{@code STANDARD_WEBHOOKS} (standardwebhooks.com v1): headers {@code webhook-id},
 *       {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature} (space-separated
 *       {@code v1,<base64>} entries, several during a key rotation); secret {@code whsec_<base64 key>};
 *       signed content {@code id.timestamp.body}.</li>
 *   <li>{@code GITHUB}: {@code X-Hub-Signature-256: sha256=<hex>} over the body, keyed with the secret's
 *       UTF-8 bytes; no timestamp, so no replay window. The message id is {@code X-GitHub-Delivery}.</li>
 *   <li>{@code STRIPE}: {@code Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>...]}, keyed with the
 *       whole secret string (prefix included), signed content {@code t.body}.</li>
 * </ul>
 * Timestamps must lie within {@link #TOLERANCE} of {@code now}, either side. Comparisons are
 * constant-time. A malformed secret is a configuration error and throws IllegalArgumentException
 * (check it at load time with {@link #checkSecret}); everything about the request is answered with
 * {@link Refused}.
 */
public final class WebhookSignature {
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    public static final String MISSING_HEADER = "missing_header";
    public static final String MALFORMED_HEADER = "malformed_header";
    public static final String TIMESTAMP_OUT_OF_TOLERANCE = "timestamp_out_of_tolerance";
    public static final String BAD_SIGNATURE = "bad_signature";

    private static final String STANDARD_PREFIX = "whsec_";

    public enum Scheme { STANDARD_WEBHOOKS, GITHUB, STRIPE }

    public sealed interface Result permits Verified, Refused {}

    /** The signature is good; {@code messageId} is the sender's delivery id when the scheme has one. */
    public record Verified(String messageId) implements Result {}

    public record Refused(String code, String message) implements Result {}

    private WebhookSignature() {}

    /** Throws IllegalArgumentException if the secret cannot be used with the scheme. */
    public static void checkSecret(Scheme scheme, String secret) {
        key(scheme, secret);
    }

    public static Result verify(Scheme scheme, String secret, Map<String, String> headers, byte[] rawBody, Instant now) {
        byte[] key = key(scheme, secret);
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) headers.forEach((k, v) -> { if (k != null && v != null) h.put(k, v.trim()); });
        byte[] body = rawBody == null ? new byte[0] : rawBody;
        return switch (scheme) {
            case STANDARD_WEBHOOKS -> standard(key, h, body, now);
            case GITHUB -> github(key, h, body);
            case STRIPE -> stripe(key, h, body, now);
        };
    }

    private static Result standard(byte[] key, Map<String, String> h, byte[] body, Instant now) {
        String id = h.get("webhook-id"), timestamp = h.get("webhook-timestamp"), signatures = h.get("webhook-signature");
        for (String[] header : new String[][] {{"webhook-id", id}, {"webhook-timestamp", timestamp}, {"webhook-signature", signatures}}) {
            if (header[1] == null || header[1].isEmpty()) return missing(header[0]);
        }
        Refused stale = checkTimestamp("webhook-timestamp", timestamp, now);
        if (stale != null) return stale;
        byte[] expected = hmac(key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        boolean anyV1 = false;
        for (String entry : signatures.split(" ")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) continue;
            anyV1 = true;
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) return new Verified(id);
        }
        return anyV1 ? mismatch() : new Refused(MALFORMED_HEADER, "webhook-signature has no v1 signature");
    }

    private static Result github(byte[] key, Map<String, String> h, byte[] body) {
        String header = h.get("X-Hub-Signature-256");
        if (header == null || header.isEmpty()) return missing("X-Hub-Signature-256");
        if (!header.startsWith("sha256=")) return new Refused(MALFORMED_HEADER, "X-Hub-Signature-256 must read sha256=<hex>");
        byte[] given = hex(header.substring("sha256=".length()));
        if (given == null) return new Refused(MALFORMED_HEADER, "X-Hub-Signature-256 must read sha256=<hex>");
        return MessageDigest.isEqual(hmac(key, new byte[0], body), given) ? new Verified(h.get("X-GitHub-Delivery")) : mismatch();
    }

    private static Result stripe(byte[] key, Map<String, String> h, byte[] body, Instant now) {
        String header = h.get("Stripe-Signature");
        if (header == null || header.isEmpty()) return missing("Stripe-Signature");
        String timestamp = null;
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String name = part.substring(0, eq).trim(), value = part.substring(eq + 1).trim();
            if (name.equals("t")) timestamp = value;
            else if (name.equals("v1")) v1.add(value);
        }
        if (timestamp == null || v1.isEmpty()) return new Refused(MALFORMED_HEADER, "Stripe-Signature must hold t=<seconds> and at least one v1=<hex>");
        Refused stale = checkTimestamp("Stripe-Signature t", timestamp, now);
        if (stale != null) return stale;
        byte[] expected = hmac(key, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        for (String candidate : v1) {
            byte[] given = hex(candidate);
            if (given != null && MessageDigest.isEqual(expected, given)) return new Verified(null);
        }
        return mismatch();
    }

    /** Null if the timestamp is well-formed and within tolerance of now, else why not. */
    private static Refused checkTimestamp(String header, String timestamp, Instant now) {
        if (timestamp.isEmpty() || timestamp.length() > 12 || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Refused(MALFORMED_HEADER, header + " must be Unix time in seconds");
        }
        long seconds = Long.parseLong(timestamp);
        long skew = Math.abs(seconds - now.getEpochSecond());
        if (skew > TOLERANCE.toSeconds()) {
            return new Refused(TIMESTAMP_OUT_OF_TOLERANCE,
                    "%s is %d s away from the current time; at most %d s is accepted".formatted(header, skew, TOLERANCE.toSeconds()));
        }
        return null;
    }

    private static byte[] key(Scheme scheme, String secret) {
        if (scheme == null) throw new IllegalArgumentException("webhook signature scheme is required");
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("webhook secret is required");
        if (scheme != Scheme.STANDARD_WEBHOOKS) return secret.getBytes(StandardCharsets.UTF_8);
        String encoded = secret.startsWith(STANDARD_PREFIX) ? secret.substring(STANDARD_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Standard Webhooks secret must be whsec_ followed by base64", e);
        }
        if (key.length == 0) throw new IllegalArgumentException("a Standard Webhooks secret must not be empty");
        return key;
    }

    private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is available in every Java runtime", e);
        }
    }

    private static byte[] hex(String s) {
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Refused missing(String header) {
        return new Refused(MISSING_HEADER, "the " + header + " header is required");
    }

    private static Refused mismatch() {
        return new Refused(BAD_SIGNATURE, "no signature matches the body and the configured secret");
    }
}
