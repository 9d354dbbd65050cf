package leadrouter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text as lowercase hex. Clones a prototype digest: cheaper than a provider look-up per call. */
public final class Sha256 {
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Sha256() {
    }

    public static byte[] digest(String text) {
        try {
            return ((MessageDigest) PROTOTYPE.clone()).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    public static String hex(String text) {
        return HexFormat.of().formatHex(digest(text));
    }
}
