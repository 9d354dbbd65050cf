package leadrouter.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.Json;
import leadrouter.routing.Decision;
import leadrouter.routing.SkipReason;
import leadrouter.routing.Trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace as it is stored and served: stable key names, money as decimals. Written straight to
 * a JSON generator, since every routed lead's audit event carries one.
 */
public final class TraceJson {
    private TraceJson() {
    }

    /** Writes the trace as one JSON object. */
    public static void write(JsonGenerator g, Trace t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("config_version", t.configVersion());
        g.writeStringField("decided_at", t.decidedAt().toString());
        g.writeStringField("campaign", t.campaign());
        g.writeStringField("outcome", t.outcome());
        g.writeArrayFieldStart("rules");
        for (Trace.RuleTrace r : t.rules()) {
            g.writeStartObject();
            g.writeStringField("rule", r.rule());
            g.writeBooleanField("matched", r.matched());
            if (r.failedCondition() != null) g.writeStringField("failed_condition", r.failedCondition());
            g.writeStringField("method", r.method());
            if (r.matched()) {
                g.writeArrayFieldStart("candidates");
                r.forEachCandidate((buyer, selected, skipped, bid, price) -> candidate(g, buyer, selected, skipped, bid, price));
                g.writeEndArray();
            }
            if (r.note() != null) g.writeStringField("note", r.note());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One candidate's entry ({@link Trace.CandidateTrace}), from its fields: the router's entries are not made to be written. */
    private static void candidate(JsonGenerator g, String buyer, boolean selected, SkipReason skipped, Long bidCents, Long priceCents)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("buyer", buyer);
        if (selected) {
            g.writeStringField("result", "selected");
            if (priceCents != null) g.writeNumberField("price", money(priceCents));
        } else {
            SkipReason r = skipped;
            g.writeStringField("result", "skipped");
            g.writeStringField("reason", r.code());
            for (Map.Entry<String, Object> e : r.details().entrySet()) {
                g.writeFieldName(e.getKey());
                Object v = e.getValue();
                switch (v) {
                    case null -> g.writeNull();
                    case Long n -> g.writeNumber(n);
                    case Integer n -> g.writeNumber(n);
                    default -> g.writeString(v.toString());
                }
            }
        }
        if (bidCents != null) g.writeNumberField("bid", money(bidCents));
        g.writeEndObject();
    }

    /** The trace as a JSON tree, for API answers. */
    public static JsonNode of(Trace t) {
        return Json.tree(text(g -> write(g, t)));
    }

    /** Writes assignments as a JSON array field. */
    public static void writeAssignments(JsonGenerator g, List<Decision.Assignment> as) throws IOException {
        g.writeArrayFieldStart("assignments");
        for (Decision.Assignment a : as) {
            g.writeStartObject();
            g.writeStringField("buyer", a.buyer());
            g.writeNumberField("price", money(a.priceCents()));
            g.writeStringField("rule", a.rule());
            g.writeBooleanField("exclusive", a.exclusive());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    public static List<Object> assignments(List<Decision.Assignment> as) {
        List<Object> out = new ArrayList<>();
        for (Decision.Assignment a : as) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("buyer", a.buyer());
            m.put("price", money(a.priceCents()));
            m.put("rule", a.rule());
            m.put("exclusive", a.exclusive());
            out.add(m);
        }
        return out;
    }

    /** Cents as a decimal amount: 4250 -> 42.5. */
    public static BigDecimal money(long cents) {
        BigDecimal v = BigDecimal.valueOf(cents, 2).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /** Something that writes JSON. */
    public interface Writing {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * The text one JSON writing produces. Written as ObjectMapper.writeValueAsString writes: into
     * Jackson's recycled segments, then one String; a StringWriter grew and copied its buffer
     * twice per audit event.
     */
    public static String text(Writing w) {
        BufferRecycler recycler = Json.MAPPER.getFactory()._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                g.setCodec(Json.MAPPER);
                w.write(g);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recycler.releaseToPool();
        }
    }
}
