package leadrouter.delivery;

import java.util.LinkedHashSet;
import java.util.Set;

/** State of rendering one attempt's templates: the context, the secrets, and every secret value used (for redaction). */
final class Render {
    private final DeliveryContext ctx;
    private final Secrets secrets;
    private final Set<String> used = new LinkedHashSet<>();

    Render(DeliveryContext ctx, Secrets secrets) {
        this.ctx = ctx;
        this.secrets = secrets;
    }

    DeliveryContext ctx() {
        return ctx;
    }

    String secret(String name) {
        String v = secrets.get(name);
        if (v == null) throw new MissingSecretException(name);
        if (!v.isEmpty()) used.add(v);
        return v;
    }

    /** Secret values resolved so far. */
    Set<String> usedSecrets() {
        return used;
    }
}
