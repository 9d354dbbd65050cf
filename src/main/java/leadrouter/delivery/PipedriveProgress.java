package leadrouter.delivery;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What the attempts of a Pipedrive delivery did, as kept in the delivery's progress:
 * {@code person=ID} (created or found: the next attempt links its lead to it),
 * {@code person=ID;lead-sent=INSTANT} (besides, a lead for that person was sent and no answer
 * said whether it was created: the next attempt looks among the person's leads before sending
 * another) or {@code person-sent=INSTANT} (a create of the person was sent and no answer said
 * whether it worked: the next attempt looks for the person before creating one). Anything else
 * reads as nothing done.
 */
record PipedriveProgress(String personId, Instant sentAt, Instant leadSentAt) {
    static final PipedriveProgress NONE = new PipedriveProgress(null, null, null);
    private static final String PERSON = "person=";
    private static final String SENT = "person-sent=";
    private static final String LEAD_SENT = ";lead-sent=";

    static PipedriveProgress person(String id) {
        return new PipedriveProgress(id, null, null);
    }

    static PipedriveProgress sent(Instant at) {
        return new PipedriveProgress(null, at, null);
    }

    /** A lead for person {@code id} was sent at {@code at}, with no answer yet. */
    static PipedriveProgress leadSent(String id, Instant at) {
        return new PipedriveProgress(id, null, at);
    }

    static PipedriveProgress parse(String text) {
        if (text == null) return NONE;
        if (text.startsWith(PERSON)) {
            String rest = text.substring(PERSON.length());
            int semi = rest.indexOf(LEAD_SENT);
            String id = semi < 0 ? rest : rest.substring(0, semi);
            if (!id.matches("\\d{1,18}")) return NONE;
            if (semi < 0) return person(id);
            Instant at = instant(rest.substring(semi + LEAD_SENT.length()));
            // A lead-sent mark that cannot be read still leaves the person known.
            return at == null ? person(id) : leadSent(id, at);
        }
        if (text.startsWith(SENT)) {
            Instant at = instant(text.substring(SENT.length()));
            return at == null ? NONE : sent(at);
        }
        return NONE;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The text to keep with the delivery, or null for nothing. */
    String text() {
        if (personId != null) return PERSON + personId + (leadSentAt == null ? "" : LEAD_SENT + leadSentAt);
        return sentAt == null ? null : SENT + sentAt;
    }
}
