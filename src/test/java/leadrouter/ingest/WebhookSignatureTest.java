package leadrouter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import leadrouter.ingest.WebhookSignature.Refused;
import leadrouter.ingest.WebhookSignature.Scheme;
import leadrouter.ingest.WebhookSignature.Verified;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {
    static final Instant T = Instant.ofEpochSecond(1674087231);

    static final String SW_SECRET = "whsec_dGVzdC1zZWNyZXQtMzItYnl0ZXMtbG9uZy0wMDAwMDA=";
    static final String SW_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    static final byte[] SW_BODY = bytes("{\"type\":\"lead.created\",\"timestamp\":\"2023-01-19T00:13:51Z\",\"data\":{\"id\":\"lead_123\"}}");
    static final String SW_SIG = "v1,QPRkdyGgSSihMVk43RSP0r9WQUKzSKzGMEmRsCnGoG8=";

    static final String STRIPE_SECRET = "whsec_test_stripe_secret";
    static final byte[] STRIPE_BODY = bytes("{\"id\":\"evt_1\",\"type\":\"customer.created\"}");
    static final String STRIPE_V1 = "0a90eb2d4309b414c4b08287cf1d7f05357403dfb3fa821883b485e6ab966b05";

    static final String GH_SECRET = "It's a Secret to Everybody";
    static final byte[] GH_BODY = bytes("Hello, World!");
    static final String GH_SIG = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> standardHeaders(String signature) {
        Map<String, String> h = new HashMap<>();
        h.put("webhook-id", SW_ID);
        h.put("webhook-timestamp", "1674087231");
        h.put("webhook-signature", signature);
        return h;
    }

    static String refusal(WebhookSignature.Result r) {
        assertThat(r).isInstanceOf(Refused.class);
        return ((Refused) r).code();
    }

    // ---- Standard Webhooks

    @Test
    void standardWebhooksVectorVerifies() {
        assertThat(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, standardHeaders(SW_SIG), SW_BODY, T))
                .isEqualTo(new Verified(SW_ID));
    }

    @Test
    void standardWebhooksHeaderNamesIgnoreCaseAndSecretPrefixIsOptional() {
        Map<String, String> h = Map.of("Webhook-Id", SW_ID, "WEBHOOK-TIMESTAMP", "1674087231", "Webhook-Signature", SW_SIG);
        assertThat(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET.substring(6), h, SW_BODY, T)).isEqualTo(new Verified(SW_ID));
    }

    @Test
    void standardWebhooksAcceptsAnyMatchingSignatureDuringRotation() {
        String other = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=";
        assertThat(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, standardHeaders(other + " " + SW_SIG), SW_BODY, T))
                .isInstanceOf(Verified.class);
        assertThat(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, standardHeaders("v1a,abc v1,%%% " + SW_SIG), SW_BODY, T))
                .isInstanceOf(Verified.class);
        assertThat(refusal(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, standardHeaders(other), SW_BODY, T)))
                .isEqualTo(WebhookSignature.BAD_SIGNATURE);
    }

    @Test
    void standardWebhooksRefusesWrongSecretAndTamperedInput() {
        String wrongSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(bytes("another-secret-32-bytes-long-000"));
        assertThat(refusal(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, wrongSecret, standardHeaders(SW_SIG), SW_BODY, T)))
                .isEqualTo(WebhookSignature.BAD_SIGNATURE);
        byte[] tampered = bytes(new String(SW_BODY, StandardCharsets.UTF_8).replace("lead_123", "lead_124"));
        assertThat(refusal(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, standardHeaders(SW_SIG), tampered, T)))
                .isEqualTo(WebhookSignature.BAD_SIGNATURE);
        Map<String, String> otherId = standardHeaders(SW_SIG);
        otherId.put("webhook-id", "msg_other");
        assertThat(refusal(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, otherId, SW_BODY, T)))
                .isEqualTo(WebhookSignature.BAD_SIGNATURE);
    }

    @Test
    void standardWebhooksTimestampMustBeWithinFiveMinutes() {
        Map<String, String> h = standardHeaders(SW_SIG);
        assertThat(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, h, SW_BODY, T.plusSeconds(300))).isInstanceOf(Verified.class);
        assertThat(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, h, SW_BODY, T.minusSeconds(300))).isInstanceOf(Verified.class);
        assertThat(refusal(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, h, SW_BODY, T.plusSeconds(301))))
                .isEqualTo(WebhookSignature.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(refusal(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, h, SW_BODY, T.minusSeconds(301))))
                .isEqualTo(WebhookSignature.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void standardWebhooksNeedsAllThreeHeaders(String header) {
        Map<String, String> h = standardHeaders(SW_SIG);
        h.remove(header);
        WebhookSignature.Result r = WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, h, SW_BODY, T);
        assertThat(refusal(r)).isEqualTo(WebhookSignature.MISSING_HEADER);
        assertThat(((Refused) r).message()).contains(header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1674087231", "1674087231.0", "99999999999999999999"})
    void standardWebhooksRefusesMalformedTimestamps(String timestamp) {
        Map<String, String> h = standardHeaders(SW_SIG);
        h.put("webhook-timestamp", timestamp);
        assertThat(refusal(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, h, SW_BODY, T)))
                .isEqualTo(WebhookSignature.MALFORMED_HEADER);
    }

    @Test
    void standardWebhooksRefusesAHeaderWithoutV1Signatures() {
        assertThat(refusal(WebhookSignature.verify(Scheme.STANDARD_WEBHOOKS, SW_SECRET, standardHeaders("v1a,abcd"), SW_BODY, T)))
                .isEqualTo(WebhookSignature.MALFORMED_HEADER);
    }

    @Test
    void unusableSecretsAreConfigurationErrors() {
        assertThatThrownBy(() -> WebhookSignature.checkSecret(Scheme.STANDARD_WEBHOOKS, "whsec_not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.checkSecret(Scheme.STANDARD_WEBHOOKS, "whsec_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.checkSecret(Scheme.GITHUB, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.verify(Scheme.STRIPE, null, Map.of(), GH_BODY, T)).isInstanceOf(IllegalArgumentException.class);
        WebhookSignature.checkSecret(Scheme.STANDARD_WEBHOOKS, SW_SECRET);
        WebhookSignature.checkSecret(Scheme.STRIPE, STRIPE_SECRET);
    }

    // ---- Stripe

    @Test
    void stripeVectorVerifies() {
        Map<String, String> h = Map.of("Stripe-Signature", "t=1674087231,v1=" + STRIPE_V1);
        assertThat(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, h, STRIPE_BODY, T)).isEqualTo(new Verified(null));
        assertThat(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, Map.of("stripe-signature", "t=1674087231,v1=" + STRIPE_V1), STRIPE_BODY, T))
                .isInstanceOf(Verified.class);
    }

    @Test
    void stripeAcceptsAnyMatchingV1AndIgnoresOtherSchemes() {
        String wrong = "1".repeat(64);
        Map<String, String> h = Map.of("Stripe-Signature", "t=1674087231,v1=" + wrong + ",v0=" + wrong + ",v1=" + STRIPE_V1);
        assertThat(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, h, STRIPE_BODY, T)).isInstanceOf(Verified.class);
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET,
                Map.of("Stripe-Signature", "t=1674087231,v0=" + STRIPE_V1), STRIPE_BODY, T))).isEqualTo(WebhookSignature.MALFORMED_HEADER);
    }

    @Test
    void stripeRefusesWrongSecretTamperingAndStaleTimestamps() {
        Map<String, String> h = Map.of("Stripe-Signature", "t=1674087231,v1=" + STRIPE_V1);
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, "whsec_other", h, STRIPE_BODY, T))).isEqualTo(WebhookSignature.BAD_SIGNATURE);
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, h, bytes("{\"id\":\"evt_2\",\"type\":\"customer.created\"}"), T)))
                .isEqualTo(WebhookSignature.BAD_SIGNATURE);
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET,
                Map.of("Stripe-Signature", "t=1674087232,v1=" + STRIPE_V1), STRIPE_BODY, T))).isEqualTo(WebhookSignature.BAD_SIGNATURE);
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, h, STRIPE_BODY, T.plusSeconds(301))))
                .isEqualTo(WebhookSignature.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, h, STRIPE_BODY, T.plusSeconds(300))).isInstanceOf(Verified.class);
    }

    @Test
    void stripeRefusesMissingOrMalformedHeaders() {
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, Map.of(), STRIPE_BODY, T))).isEqualTo(WebhookSignature.MISSING_HEADER);
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, Map.of("Stripe-Signature", "v1=" + STRIPE_V1), STRIPE_BODY, T)))
                .isEqualTo(WebhookSignature.MALFORMED_HEADER);
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, Map.of("Stripe-Signature", "t=soon,v1=" + STRIPE_V1), STRIPE_BODY, T)))
                .isEqualTo(WebhookSignature.MALFORMED_HEADER);
        assertThat(refusal(WebhookSignature.verify(Scheme.STRIPE, STRIPE_SECRET, Map.of("Stripe-Signature", "t=1674087231,v1=zz"), STRIPE_BODY, T)))
                .isEqualTo(WebhookSignature.BAD_SIGNATURE);
    }

    // ---- GitHub

    @Test
    void githubVectorVerifies() {
        Map<String, String> h = Map.of("X-Hub-Signature-256", GH_SIG, "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(WebhookSignature.verify(Scheme.GITHUB, GH_SECRET, h, GH_BODY, T)).isEqualTo(new Verified("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        assertThat(WebhookSignature.verify(Scheme.GITHUB, GH_SECRET, Map.of("x-hub-signature-256", GH_SIG), GH_BODY, T)).isEqualTo(new Verified(null));
    }

    @Test
    void githubRefusesWrongSecretTamperingAndMalformedHeaders() {
        Map<String, String> h = Map.of("X-Hub-Signature-256", GH_SIG);
        assertThat(refusal(WebhookSignature.verify(Scheme.GITHUB, "It's a secret to everybody", h, GH_BODY, T))).isEqualTo(WebhookSignature.BAD_SIGNATURE);
        assertThat(refusal(WebhookSignature.verify(Scheme.GITHUB, GH_SECRET, h, bytes("Hello, World?"), T))).isEqualTo(WebhookSignature.BAD_SIGNATURE);
        assertThat(refusal(WebhookSignature.verify(Scheme.GITHUB, GH_SECRET, h, new byte[0], T))).isEqualTo(WebhookSignature.BAD_SIGNATURE);
        assertThat(refusal(WebhookSignature.verify(Scheme.GITHUB, GH_SECRET, Map.of(), GH_BODY, T))).isEqualTo(WebhookSignature.MISSING_HEADER);
        assertThat(refusal(WebhookSignature.verify(Scheme.GITHUB, GH_SECRET, Map.of("X-Hub-Signature-256", "sha1=" + GH_SIG.substring(7)), GH_BODY, T)))
                .isEqualTo(WebhookSignature.MALFORMED_HEADER);
        assertThat(refusal(WebhookSignature.verify(Scheme.GITHUB, GH_SECRET, Map.of("X-Hub-Signature-256", "sha256=xyz"), GH_BODY, T)))
                .isEqualTo(WebhookSignature.MALFORMED_HEADER);
        assertThat(refusal(WebhookSignature.verify(Scheme.GITHUB, GH_SECRET, Map.of("X-Hub-Signature-256", GH_SIG.substring(0, 21)), GH_BODY, T)))
                .isEqualTo(WebhookSignature.BAD_SIGNATURE);
    }
}
