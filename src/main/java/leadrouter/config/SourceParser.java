package leadrouter.config;

import leadrouter.ingest.Source;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One entry of {@code sources}: who may post leads, with which key hashes, to which campaigns. */
final class SourceParser {
    static final List<String> KEYS = List.of("id", "name", "keys", "campaigns", "webhook");
    private static final List<String> WEBHOOK_KEYS = List.of("scheme", "secret");
    private static final java.util.regex.Pattern SECRET_REF = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final IdList campaigns;
    private final Errors errors;
    /** Key hash -> path of its first use: one key must identify one source. */
    private final Map<String, String> keysSeen;

    SourceParser(IdList campaigns, Map<String, String> keysSeen, Errors errors) {
        this.campaigns = campaigns;
        this.keysSeen = keysSeen;
        this.errors = errors;
    }

    Source parse(Node s, String id) {
        if (!s.object(errors, KEYS)) return null;
        int before = errors.count();
        Node nameNode = s.get("name");
        String name = nameNode.present() ? nameNode.scalarText(errors) : id;
        Source.Webhook webhook = webhook(s.get("webhook"));
        Set<String> hashes = keys(s.get("keys"), webhook != null);
        Set<String> allowed = campaigns(s.get("campaigns"));
        if (errors.count() > before || id == null) return null;
        return new Source(id, name, hashes, allowed, webhook);
    }

    /** {@code webhook: {scheme: standard_webhooks | github | stripe, secret: "${NAME}"}}. */
    private Source.Webhook webhook(Node n) {
        if (!n.present()) return null;
        if (!n.object(errors, WEBHOOK_KEYS)) return null;
        Node schemeNode = n.get("scheme");
        Node secretNode = n.get("secret");
        leadrouter.ingest.WebhookSignature.Scheme scheme = null;
        if (schemeNode.require(errors, "is required: standard_webhooks, github or stripe")) {
            String text = schemeNode.scalarText(errors);
            if (text != null) {
                switch (text) {
                    case "standard_webhooks" -> scheme = leadrouter.ingest.WebhookSignature.Scheme.STANDARD_WEBHOOKS;
                    case "github" -> scheme = leadrouter.ingest.WebhookSignature.Scheme.GITHUB;
                    case "stripe" -> scheme = leadrouter.ingest.WebhookSignature.Scheme.STRIPE;
                    default -> errors.add(schemeNode, "must be one of standard_webhooks, github, stripe, got '" + text + "'");
                }
            }
        }
        String secretName = null;
        if (secretNode.require(errors, "is required: the name of the signing secret, as \"${NAME}\"")) {
            String text = secretNode.scalarText(errors);
            java.util.regex.Matcher m = text == null ? null : SECRET_REF.matcher(text.trim());
            if (m != null && m.matches()) {
                secretName = m.group(1);
            } else if (text != null) {
                errors.add(secretNode, "must name a secret as \"${NAME}\" (read from the secrets file or the environment);"
                        + " the secret itself is never written in the config");
            }
        }
        return scheme == null || secretName == null ? null : new Source.Webhook(scheme, secretName);
    }

    private Set<String> keys(Node n, boolean optional) {
        Set<String> out = new LinkedHashSet<>();
        if (optional && !n.present()) return out;
        if (!n.require(errors, "is required: the sha256 hashes of this source's API keys")) return out;
        if (!n.isArray() || n.items().isEmpty()) {
            errors.add(n, "must be a non-empty list of key hashes");
            return out;
        }
        for (Node k : n.items()) {
            String h = k.text(errors);
            if (h == null) continue;
            if (!Keys.isHash(h)) {
                errors.add(k, "must be 'sha256:' followed by 64 lowercase hex digits; store the hash, not the key"
                        + " (run: leadrouter hash-key KEY)");
            } else if (keysSeen.containsKey(h)) {
                errors.add(k, "this key is already used (" + keysSeen.get(h) + ")");
            } else {
                keysSeen.put(h, k.path());
                out.add(h);
            }
        }
        return out;
    }

    private Set<String> campaigns(Node n) {
        Set<String> out = new LinkedHashSet<>();
        if (!n.require(errors, "is required: the campaigns this source may post to")) return out;
        if (!n.isArray() || n.items().isEmpty()) {
            errors.add(n, "must be a non-empty list of campaign ids");
            return out;
        }
        for (Node c : n.items()) {
            String id = c.scalarText(errors);
            if (id == null) continue;
            if (!campaigns.ids().contains(id)) {
                errors.add(c, "unknown campaign '" + id + "' (campaigns: " + campaigns.names() + ")");
            } else if (!out.add(id)) {
                errors.add(c, "duplicate campaign '" + id + "'");
            }
        }
        return out;
    }
}
