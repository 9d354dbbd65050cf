package leadrouter.routing;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Someone who takes leads: an external buyer or an internal rep or team. Prices are cents per lead
 * per campaign. {@code accepts} is the buyer's own filter (null accepts everything).
 * {@code rejectsCountAgainstCaps}: a lead the buyer rejects still uses its cap (some contracts say so).
 */
public record Buyer(String id, String name, ZoneId zone, boolean active, OperatingHours hours, OffHours offHours,
                    List<Cap> caps, Map<String, Long> priceCents, Condition accepts, boolean rejectsCountAgainstCaps) {

    public enum OffHours { DEFER, SKIP }

    public Buyer {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("buyer id is required");
        if (zone == null) throw new IllegalArgumentException("buyer time zone is required");
        hours = hours == null ? OperatingHours.ALWAYS : hours;
        offHours = offHours == null ? OffHours.DEFER : offHours;
        caps = List.copyOf(caps);
        priceCents = Map.copyOf(priceCents);
    }

    public long priceFor(String campaign) {
        return priceCents.getOrDefault(campaign, 0L);
    }

    /** A buyer with defaults: always open, no caps, no price, no filter. */
    public static Buyer simple(String id, ZoneId zone) {
        return new Buyer(id, id, zone, true, OperatingHours.ALWAYS, OffHours.DEFER, List.of(), Map.of(), null, false);
    }
}
