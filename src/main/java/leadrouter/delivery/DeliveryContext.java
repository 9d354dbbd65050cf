package leadrouter.delivery;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Everything one delivery attempt can put into a request: the lead (normalized field values are
 * String, BigDecimal, Boolean or LocalDate), the buyer, the assignment's price, the delivery and its
 * stable idempotency key, the attempt number (1 for the first), a link to the lead's decision trace, and
 * what earlier attempts got done at the buyer ({@code progress}, see {@link AttemptResult}; null when nothing).
 */
public record DeliveryContext(String leadId, String campaign, String source, Instant receivedAt,
                              Map<String, Object> fields, String buyerId, String buyerName, long priceCents,
                              String deliveryId, String idempotencyKey, int attempt, String traceUrl, String progress) {
    public DeliveryContext {
        if (leadId == null || leadId.isBlank()) throw new IllegalArgumentException("lead id is required");
        if (buyerId == null || buyerId.isBlank()) throw new IllegalArgumentException("buyer id is required");
        if (idempotencyKey == null || idempotencyKey.isBlank())
            throw new IllegalArgumentException("idempotency key is required");
        if (attempt < 1) throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        if (priceCents < 0) throw new IllegalArgumentException("price cannot be negative: " + priceCents);
        fields = Map.copyOf(fields);
        for (Object v : fields.values())
            if (!(v instanceof String || v instanceof BigDecimal || v instanceof Boolean || v instanceof LocalDate))
                throw new IllegalArgumentException("field values are String, BigDecimal, Boolean or LocalDate, got " + v.getClass().getSimpleName());
        buyerName = buyerName == null ? buyerId : buyerName;
    }

    /**
     * A template variable: {@code lead.id lead.campaign lead.source lead.received_at buyer.id buyer.name
     * assignment.price delivery.id delivery.idempotency_key delivery.attempt trace_url}, otherwise a lead
     * field by name ({@code lead.NAME} also finds field NAME). Null when unknown.
     */
    public Object value(String name) {
        switch (name) {
            case "lead.id": return leadId;
            case "lead.campaign": return campaign;
            case "lead.source": return source;
            case "lead.received_at": return receivedAt;
            case "buyer.id": return buyerId;
            case "buyer.name": return buyerName;
            case "assignment.price": return BigDecimal.valueOf(priceCents, 2);
            case "delivery.id": return deliveryId;
            case "delivery.idempotency_key": return idempotencyKey;
            case "delivery.attempt": return BigDecimal.valueOf(attempt);
            case "trace_url": return traceUrl;
            default:
                Object v = fields.get(name);
                if (v == null && name.startsWith("lead.")) v = fields.get(name.substring(5));
                return v;
        }
    }
}
