package leadrouter.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipedrive: person, then lead, in one attempt. Responses are {success, data, error}. 400 rejects;
 * 401/402/404 fail; 429 retries after Retry-After or x-ratelimit-reset; a 403 HTML page is
 * Cloudflare throttling a client that ignored 429s, so it retries too.
 *
 * <p>Pipedrive has no idempotency key, so a repeat must not create the person again. Each attempt
 * leaves its person in the delivery's progress ({@link PipedriveProgress}): the next attempt links
 * its lead to the person kept there. When nothing usable is kept but the person may exist (an
 * earlier create got no answer, or an earlier attempt was never recorded), the attempt first looks
 * the person up by email (else phone). Pipedrive's search can lag a create by about 30 s, so while
 * a create of unknown fate is younger than that, finding nothing retries later instead of creating.
 * A lead sent without an answer is marked likewise, and the next attempt looks among the person's
 * leads for it before sending another; so does an attempt that finds nothing recorded after an
 * earlier one ran, once its search finds the person.
 */
final class PipedriveAdapter {
    /** How long Pipedrive's search may take to show a person just created. */
    static final Duration SEARCH_LAG = Duration.ofSeconds(30);
    /** Matches asked for per search page (Pipedrive allows up to 500), and pages read at most. */
    static final int SEARCH_PAGE = 100, SEARCH_PAGES = 10;

    private PipedriveAdapter() {
    }

    /** How to reach the API: the rendered token and the headers every request carries. */
    private record Api(PipedriveEndpoint e, Render r, String token, Map<String, String> headers) {
        String url(String path, List<Map.Entry<String, String>> query) {
            List<Map.Entry<String, String>> q = new ArrayList<>(query);
            if (e.tokenInQuery()) q.add(new SimpleEntry<>("api_token", token));
            return Call.withQuery(Vendor.url(e.baseUrl(), r, path), q);
        }

        /** The headers of a GET: those of every request but Content-Type. */
        Map<String, String> readHeaders() {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.remove("Content-Type");
            return h;
        }
    }

    /** A look-up's answer: the record found (or null), or the outcome that ends the attempt. */
    private record Found(String id, Outcome stop) {
    }

    static Outcome send(PipedriveEndpoint e, Call call) throws Call.TransportFailure {
        Render r = call.render;
        String token = e.token().render(r);
        Map<String, String> headers = Vendor.headers(r, "application/json");
        headers.put("Accept", "application/json");
        if (!e.tokenInQuery()) headers.put("x-api-token", token);
        Api api = new Api(e, r, token, headers);
        String owner = e.owner() == null ? "" : e.owner().render(r).strip();

        ObjectNode person = e.person().json(r, true);
        putId(person, "owner_id", owner);
        PipedriveProgress before = PipedriveProgress.parse(call.progress);
        String personId = before.personId();
        boolean reused = personId != null;
        // A first attempt skips the search: nothing can exist yet, and search is rate-limited hardest.
        if (personId == null && (before.sentAt() != null || r.ctx().attempt() > 1)) {
            Found found = search(api, call, person, before.sentAt());
            if (found.stop() != null) return found.stop();
            personId = found.id();
            reused = personId != null;
        }
        if (personId == null) {
            // Until an answer says otherwise the person may exist: a lost answer makes the next attempt look first.
            call.progress = PipedriveProgress.sent(call.clock.instant()).text();
            Response p = call.send("POST", api.url("/api/v1/persons", List.of()), headers, Vendor.write(person), Response.Format.JSON);
            personId = p.is2xx() && "true".equals(p.jsonText("$.success")) ? p.jsonText("$.data.id") : null;
            if (personId == null) {
                // A 4xx answer means Pipedrive created nothing: keep what was known before.
                if (p.status >= 400 && p.status < 500) call.progress = before.text();
                return p.is2xx() ? new Failed("Pipedrive created no person: " + p.snippet()) : classify(p);
            }
        }
        call.progress = PipedriveProgress.person(personId).text();

        ObjectNode lead = e.lead().json(r, true);
        putId(lead, "person_id", personId);
        putId(lead, "owner_id", owner);
        // Since when a lead an earlier attempt sent may exist: that attempt sent it and no answer
        // said whether Pipedrive created it; or nothing was recorded although an earlier attempt
        // ran and the person it may have created is there (the server stopped during it).
        Instant mayExistSince = personId.equals(before.personId()) && before.leadSentAt() != null ? before.leadSentAt()
                : before.equals(PipedriveProgress.NONE) && r.ctx().attempt() > 1 && reused ? r.ctx().receivedAt() : null;
        if (mayExistSince != null) {
            Found earlier = earlierLead(api, call, personId, lead.path("title").asText(""), mayExistSince);
            if (earlier.stop() != null) {
                call.progress = before.text();
                return earlier.stop();
            }
            if (earlier.id() != null) return new Accepted(earlier.id(), null);
        }
        // Until an answer says otherwise the lead may be created: the next attempt looks first.
        call.progress = PipedriveProgress.leadSent(personId, call.clock.instant()).text();
        Response l = call.send("POST", api.url("/api/v1/leads", List.of()), headers, Vendor.write(lead), Response.Format.JSON);
        String leadId = l.is2xx() && "true".equals(l.jsonText("$.success")) ? l.jsonText("$.data.id") : null;
        // A 4xx answer (429 too) means Pipedrive created nothing; a 5xx or an odd 2xx may have.
        if (leadId != null || l.status >= 400 && l.status < 500) call.progress = PipedriveProgress.person(personId).text();
        if (leadId != null) return new Accepted(leadId, null);
        if (reused && l.status == 404) {
            // The kept person was merged or deleted in Pipedrive meanwhile: forget it, the next attempt looks again.
            call.progress = null;
            return new Retry("Pipedrive has no person " + personId + " any more; the next attempt looks for it again", null);
        }
        return l.is2xx() ? new Failed("Pipedrive created no lead: " + l.snippet()) : classify(l);
    }

    /**
     * Looks the person up by the email this attempt would send, else by its phone (not both: a
     * person we created carries the email, and a phone match could be someone else of the household).
     * Several matches: the oldest (lowest id) wins, so every repeat picks the same person and the
     * lead joins the record the buyer has had longest; the search's pages are read for it (up to
     * {@link #SEARCH_PAGES} of {@link #SEARCH_PAGE}). A failed search, on any page, retries rather
     * than risk a second person; a person with neither email nor phone cannot be looked up and is
     * created.
     */
    private static Found search(Api api, Call call, ObjectNode person, Instant sentAt) throws Call.TransportFailure {
        String field = "email";
        String term = contact(person.get("email"));
        if (term == null) {
            field = "phone";
            term = contact(person.get("phone"));
        }
        if (term == null) return new Found(null, null);
        Long oldest = null;
        long start = 0;
        for (int page = 0; page < SEARCH_PAGES; page++) {
            List<Map.Entry<String, String>> query = new ArrayList<>(List.of(new SimpleEntry<>("term", term),
                    new SimpleEntry<>("fields", field), new SimpleEntry<>("exact_match", "true"),
                    new SimpleEntry<>("limit", Integer.toString(SEARCH_PAGE))));
            if (start > 0) query.add(new SimpleEntry<>("start", Long.toString(start)));
            Response s = call.send("GET", api.url("/api/v1/persons/search", query), api.readHeaders(), null, Response.Format.JSON);
            Outcome unusable = unusable(s, "person search");
            if (unusable != null) return new Found(null, unusable);
            JsonNode tree = s.tree();
            for (JsonNode item : tree.path("data").path("items")) {
                JsonNode id = item.path("item").path("id");
                if (id.canConvertToLong() && (oldest == null || id.asLong() < oldest)) oldest = id.asLong();
            }
            JsonNode pagination = tree.path("additional_data").path("pagination");
            JsonNode next = pagination.path("next_start");
            // A next page that does not move forward would repeat this one.
            if (!pagination.path("more_items_in_collection").asBoolean(false) || !next.canConvertToLong() || next.asLong() <= start) break;
            start = next.asLong();
        }
        if (oldest != null) return new Found(Long.toString(oldest), null);
        Instant visible = sentAt == null ? null : sentAt.plus(SEARCH_LAG);
        if (visible != null && call.clock.instant().isBefore(visible))
            return new Found(null, new Retry("Pipedrive person search does not show the person sent at " + sentAt + " yet",
                    Duration.between(call.clock.instant(), visible)));
        return new Found(null, null);
    }

    /** How far before the unanswered send a lead's add_time may read and still be that lead (clocks differ). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    /**
     * The lead an earlier attempt may have created: among the person's newest leads (one page of
     * {@link #SEARCH_PAGE}), one with this title added no earlier than {@link #CLOCK_SKEW} before
     * {@code sentAt} (or whose add time does not read). A failed look-up retries rather than risk
     * a second lead.
     */
    private static Found earlierLead(Api api, Call call, String personId, String title, Instant sentAt) throws Call.TransportFailure {
        String url = api.url("/api/v1/leads", List.of(new SimpleEntry<>("person_id", personId),
                new SimpleEntry<>("sort", "add_time DESC"), new SimpleEntry<>("limit", Integer.toString(SEARCH_PAGE))));
        Response s = call.send("GET", url, api.readHeaders(), null, Response.Format.JSON);
        Outcome unusable = unusable(s, "lead list");
        if (unusable != null) return new Found(null, unusable);
        JsonNode tree = s.tree();
        Instant from = sentAt.minus(CLOCK_SKEW);
        for (JsonNode l : tree.path("data")) {
            if (!l.path("title").asText("").equals(title) || !l.path("id").isTextual()) continue;
            Instant added = addTime(l.path("add_time").asText(""));
            if (added == null || !added.isBefore(from)) return new Found(l.path("id").asText(), null);
        }
        return new Found(null, null);
    }

    /**
     * What ends the attempt when a look-up ({@code what}) got no usable answer: a 400 fails the
     * delivery, other errors and an answer without {@code success} retry. Null for an answer to read.
     */
    private static Outcome unusable(Response s, String what) {
        if (!s.is2xx()) return s.status == 400 ? new Failed("Pipedrive refused the " + what + ": " + detail(s)) : classify(s);
        JsonNode tree = s.tree();
        if (tree == null || !tree.path("success").asBoolean(false)) return new Retry("Pipedrive " + what + " gave no answer: " + s.snippet(), null);
        return null;
    }

    /** Pipedrive's add_time: ISO-8601 ("2026-01-05T15:05:00.000Z"), or "2026-01-05 15:05:00" in UTC; null if neither. */
    private static Instant addTime(String text) {
        try {
            return Instant.parse(text.contains("T") ? text : text.replace(' ', 'T') + "Z");
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** An email or phone as the person mapping gives it: a string, or Pipedrive's [{value, primary}] list (primary first). */
    private static String contact(JsonNode v) {
        if (v == null) return null;
        if (v.isArray()) {
            String first = null;
            for (JsonNode x : v) {
                String s = contact(x.isObject() ? x.get("value") : x);
                if (s != null && x.path("primary").asBoolean(false)) return s;
                if (first == null) first = s;
            }
            return first;
        }
        String s = v.isValueNode() ? v.asText().strip() : "";
        // Pipedrive's search wants at least 2 characters.
        return s.length() < 2 ? null : s;
    }

    /** Pipedrive ids are numbers; anything else (a bad config value) is sent as given, for Pipedrive to refuse. */
    private static void putId(ObjectNode node, String field, String value) {
        if (value.isEmpty()) return;
        if (value.matches("\\d{1,18}")) node.put(field, new BigDecimal(value));
        else node.put(field, value);
    }

    private static String detail(Response resp) {
        String error = resp.jsonText("$.error");
        String info = resp.jsonText("$.error_info");
        return error == null ? resp.snippet() : error + (info == null ? "" : " (" + info + ")");
    }

    static Outcome classify(Response resp) {
        String detail = detail(resp);
        return switch (resp.status) {
            case 400 -> new Rejected(detail);
            case 429 -> {
                var after = resp.retryAfter();
                yield new Retry("Pipedrive rate limit: " + detail, after != null ? after : resp.seconds("x-ratelimit-reset"));
            }
            case 403 -> resp.kind() == Response.Kind.HTML
                    ? new Retry("Pipedrive throttled (403 page)", resp.retryAfter())
                    : new Failed("Pipedrive HTTP 403 (credentials refused): " + detail);
            default -> Vendor.fallback("Pipedrive", resp, detail);
        };
    }
}
