package leadrouter.config;

import java.util.regex.Pattern;

/** API keys are stored only as hashes: {@code "sha256:" + lowercase hex of SHA-256(key)}. */
public final class Keys {
    public static final String PREFIX = "sha256:";
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    private Keys() {
    }

    /** The stored form of an API key. */
    public static String hash(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) throw new IllegalArgumentException("API key is empty");
        return PREFIX + leadrouter.Sha256.hex(apiKey);
    }

    /** True when {@code s} is a well-formed key hash (not a plaintext key). */
    public static boolean isHash(String s) {
        return s != null && HASH.matcher(s).matches();
    }
}
