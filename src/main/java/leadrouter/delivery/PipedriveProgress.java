package leadrouter.delivery;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What the attempts of a Pipedrive delivery did about its person, as kept in the delivery's progress:
 * {@code person=ID} (created or found: the next attempt links its lead to it) or
 * {@code person-sent=INSTANT} (a create was sent and no answer said whether it worked: the next
 * attempt looks for the person before creating one). Anything else reads as nothing done.
 */
record PipedriveProgress(String personId, Instant sentAt) {
    static final PipedriveProgress NONE = new PipedriveProgress(null, null);
    private static final String PERSON = "person=";
    private static final String SENT = "person-sent=";

    static PipedriveProgress person(String id) {
        return new PipedriveProgress(id, null);
    }

    static PipedriveProgress sent(Instant at) {
        return new PipedriveProgress(null, at);
    }

    static PipedriveProgress parse(String text) {
        if (text == null) return NONE;
        if (text.startsWith(PERSON) && text.substring(PERSON.length()).matches("\\d{1,18}"))
            return person(text.substring(PERSON.length()));
        if (text.startsWith(SENT)) {
            try {
                return sent(Instant.parse(text.substring(SENT.length())));
            } catch (DateTimeParseException e) {
                return NONE;
            }
        }
        return NONE;
    }

    /** The text to keep with the delivery, or null for nothing. */
    String text() {
        if (personId != null) return PERSON + personId;
        return sentAt == null ? null : SENT + sentAt;
    }
}
