package leadrouter.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.io.SerializedString;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trace as it is stored and served: stable key names, money as decimals. Written straight to
 * a JSON generator, since every routed lead's audit event carries one.
 */
public final class TraceJson {
    private TraceJson() {
    }

    // Names and fixed values written pre-quoted: a trace is mostly names, and escaping them char by
    // char each time was a third of the writing (TraceJsonBenchmark).
    private static final SerializedString CONFIG_VERSION = new SerializedString("config_version"),
            DECIDED_AT = new SerializedString("decided_at"), CAMPAIGN = new SerializedString("campaign"),
            OUTCOME = new SerializedString("outcome"), RULES = new SerializedString("rules"),
            RULE = new SerializedString("rule"), MATCHED = new SerializedString("matched"),
            FAILED_CONDITION = new SerializedString("failed_condition"), METHOD = new SerializedString("method"),
            CANDIDATES = new SerializedString("candidates"), NOTE = new SerializedString("note"),
            BUYER = new SerializedString("buyer"), RESULT = new SerializedString("result"),
            SELECTED = new SerializedString("selected"), SKIPPED = new SerializedString("skipped"),
            PRICE = new SerializedString("price"), REASON = new SerializedString("reason"), BID = new SerializedString("bid"),
            ASSIGNMENTS = new SerializedString("assignments"), EXCLUSIVE = new SerializedString("exclusive");
    /** Skip reasons' codes and detail names: a few dozen, each made once. */
    private static final Map<String, SerializedString> NAMES = new ConcurrentHashMap<>();

    private static SerializedString name(String s) {
        return NAMES.computeIfAbsent(s, SerializedString::new);
    }

    /** Writes the trace as one JSON object. */
    public static void write(JsonGenerator g, Trace t) throws IOException {
        g.writeStartObject();
        g.writeFieldName(CONFIG_VERSION);
        g.writeNumber(t.configVersion());
        g.writeFieldName(DECIDED_AT);
        g.writeString(t.decidedAt().toString());
        g.writeFieldName(CAMPAIGN);
        g.writeString(t.campaign());
        g.writeFieldName(OUTCOME);
        g.writeString(t.outcome());
        g.writeFieldName(RULES);
        g.writeStartArray();
        for (Trace.RuleTrace r : t.rules()) {
            g.writeStartObject();
            g.writeFieldName(RULE);
            g.writeString(r.rule());
            g.writeFieldName(MATCHED);
            g.writeBoolean(r.matched());
            if (r.failedCondition() != null) {
                g.writeFieldName(FAILED_CONDITION);
                g.writeString(r.failedCondition());
            }
            g.writeFieldName(METHOD);
            g.writeString(r.method());
            if (r.matched()) {
                g.writeFieldName(CANDIDATES);
                g.writeStartArray();
                r.forEachCandidate((buyer, selected, skipped, bid, price) -> candidate(g, buyer, selected, skipped, bid, price));
                g.writeEndArray();
            }
            if (r.note() != null) {
                g.writeFieldName(NOTE);
                g.writeString(r.note());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One candidate's entry ({@link Trace.CandidateTrace}), from its fields: the router's entries are not made to be written. */
    private static void candidate(JsonGenerator g, String buyer, boolean selected, SkipReason skipped, Long bidCents, Long priceCents)
            throws IOException {
        g.writeStartObject();
        g.writeFieldName(BUYER);
        g.writeString(buyer);
        g.writeFieldName(RESULT);
        if (selected) {
            g.writeString(SELECTED);
            if (priceCents != null) {
                g.writeFieldName(PRICE);
                g.writeNumber(money(priceCents));
            }
        } else {
            SkipReason r = skipped;
            g.writeString(SKIPPED);
            g.writeFieldName(REASON);
            g.writeString(name(r.code()));
            for (Map.Entry<String, Object> e : r.details().entrySet()) {
                g.writeFieldName(name(e.getKey()));
                Object v = e.getValue();
                switch (v) {
                    case null -> g.writeNull();
                    case Long n -> g.writeNumber(n);
                    case Integer n -> g.writeNumber(n);
                    default -> g.writeString(v.toString());
                }
            }
        }
        if (bidCents != null) {
            g.writeFieldName(BID);
            g.writeNumber(money(bidCents));
        }
        g.writeEndObject();
    }

    /** The trace as a JSON tree, for API answers. */
    public static JsonNode of(Trace t) {
        return Json.tree(text(g -> write(g, t)));
    }

    /** Writes assignments as a JSON array field. */
    public static void writeAssignments(JsonGenerator g, List<Decision.Assignment> as) throws IOException {
        g.writeFieldName(ASSIGNMENTS);
        g.writeStartArray();
        for (Decision.Assignment a : as) {
            g.writeStartObject();
            g.writeFieldName(BUYER);
            g.writeString(a.buyer());
            g.writeFieldName(PRICE);
            g.writeNumber(money(a.priceCents()));
            g.writeFieldName(RULE);
            g.writeString(a.rule());
            g.writeFieldName(EXCLUSIVE);
            g.writeBoolean(a.exclusive());
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
