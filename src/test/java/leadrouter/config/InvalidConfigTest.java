package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each case breaks a valid config in one way and lists exactly the errors it must produce. */
class InvalidConfigTest {
    static final String WEB_HASH = Keys.hash("web-key");
    static final String PARTNER_HASH = Keys.hash("partner-key");

    static final String BASE = """
            lists:
              ca_zips: ["90001", "90002"]
            sources:
              - id: web-form
                keys: ["%s"]
                campaigns: [solar]
              - id: partner
                keys: ["%s"]
                campaigns: [solar]
            campaigns:
              - id: solar
                fields:
                  phone: {type: phone, required: true}
                  email: {type: email}
                  state: {type: us_state}
                  zip: {type: zip}
                  monthly_bill: {type: number}
                  installed: {type: date}
                  roof: {type: enum, values: [tile, metal]}
                dedupe: {fields: [phone], window: 30d}
                rules:
                  - name: California
                    when: {all: [{field: state, op: eq, value: CA}]}
                    distribute: {method: priority, to: [sunco, brightpath]}
                  - name: Rest
                    distribute: {method: weighted, to: [{buyer: sunco, weight: 2}, brightpath]}
            buyers:
              - id: sunco
                timezone: America/Los_Angeles
                hours: {mon-fri: "08:00-20:00"}
                closed: [2026-12-25]
                caps: [{per: day, max: 100}]
                price: {solar: 42.50}
                accepts: {field: state, op: in, value: [CA, NV]}
                endpoints: []
              - id: brightpath
                timezone: UTC
            """.formatted(WEB_HASH, PARTNER_HASH);

    static final String RULE0 = "campaigns[0].rules[0]";
    static final String WHEN = "/campaigns/0/rules/0/when";
    static final String BUYER_KEYS = "id, name, timezone, status, hours, closed, off_hours, caps, price, accepts, "
            + "rejects_count_against_caps, endpoints";
    static final String SOLAR_FIELDS = "phone, email, state, zip, monthly_bill, installed, roof, lead.source, lead.campaign";
    static final String OPS = "eq, ne, in, not_in, contains, starts_with, regex, gt, gte, lt, lte, between, exists, missing, in_list";

    /** A broken config: edits to BASE by JSON pointer (a null value removes), and the errors expected. */
    record Case(String name, List<String[]> edits, List<ConfigError> expected) {
        Case set(String pointer, String yaml) {
            List<String[]> e = new ArrayList<>(edits);
            e.add(new String[]{pointer, yaml});
            return new Case(name, e, expected);
        }

        Case remove(String pointer) {
            return set(pointer, null);
        }

        Case expect(String path, String message) {
            List<ConfigError> e = new ArrayList<>(expected);
            e.add(new ConfigError(path, message));
            return new Case(name, edits, e);
        }

        JsonNode document() {
            if (edits.size() == 1 && edits.getFirst()[0].isEmpty()) return Docs.yaml(edits.getFirst()[1]);
            JsonNode doc = Docs.yaml(BASE);
            for (String[] edit : edits) Docs.edit(doc, edit[0], edit[1]);
            return doc;
        }
    }

    static Case broken(String name) {
        return new Case(name, List.of(), List.of());
    }

    static List<Case> cases() {
        return List.of(
                // Document level
                broken("document is not a map").set("", "[1, 2]")
                        .expect("$", "must be a map with campaigns, buyers, sources and lists"),
                broken("unknown top-level key").set("/buyer", "[]")
                        .expect("buyer", "unknown key 'buyer' (did you mean 'buyers'?); allowed keys: lists, sources, campaigns, buyers"),
                broken("missing buyers").remove("/buyers")
                        .expect("campaigns[0].rules[0].distribute.to[0]", "unknown buyer 'sunco' (buyers: none are defined)")
                        .expect("campaigns[0].rules[0].distribute.to[1]", "unknown buyer 'brightpath' (buyers: none are defined)")
                        .expect("campaigns[0].rules[1].distribute.to[0].buyer", "unknown buyer 'sunco' (buyers: none are defined)")
                        .expect("campaigns[0].rules[1].distribute.to[1]", "unknown buyer 'brightpath' (buyers: none are defined)")
                        .expect("buyers", "is required (an empty list is allowed)"),
                broken("missing campaigns").remove("/campaigns")
                        .expect("sources[0].campaigns[0]", "unknown campaign 'solar' (campaigns: none are defined)")
                        .expect("sources[1].campaigns[0]", "unknown campaign 'solar' (campaigns: none are defined)")
                        .expect("buyers[0].price.solar", "unknown campaign 'solar' (campaigns: none are defined)")
                        .expect("buyers[0].accepts.field", "'state' is not a field of any campaign (fields: lead.source, lead.campaign)")
                        .expect("campaigns", "is required: at least one campaign"),

                // Ids
                broken("duplicate buyer id").set("/buyers/1/id", "sunco")
                        .expect("campaigns[0].rules[0].distribute.to[1]", "unknown buyer 'brightpath' (buyers: sunco)")
                        .expect("campaigns[0].rules[1].distribute.to[1]", "unknown buyer 'brightpath' (buyers: sunco)")
                        .expect("buyers[1].id", "duplicate buyer id 'sunco' (also buyers[0])"),
                broken("duplicate campaign id").set("/campaigns/1", "{id: solar, fields: {name: {type: string}}}")
                        .expect("campaigns[1].id", "duplicate campaign id 'solar' (also campaigns[0])"),
                broken("duplicate source id").set("/sources/1/id", "web-form")
                        .expect("sources[1].id", "duplicate source id 'web-form' (also sources[0])"),
                broken("malformed id, and the pools naming the buyer").set("/buyers/1/id", "Bright Path")
                        .expect("campaigns[0].rules[0].distribute.to[1]", "unknown buyer 'brightpath' (buyers: sunco)")
                        .expect("campaigns[0].rules[1].distribute.to[1]", "unknown buyer 'brightpath' (buyers: sunco)")
                        .expect("buyers[1].id", "'Bright Path' is not a valid id (lowercase letters, digits, '_' and '-', starting with a letter or digit, at most 64)"),
                broken("missing id").remove("/buyers/1/id")
                        .expect("campaigns[0].rules[0].distribute.to[1]", "unknown buyer 'brightpath' (buyers: sunco)")
                        .expect("campaigns[0].rules[1].distribute.to[1]", "unknown buyer 'brightpath' (buyers: sunco)")
                        .expect("buyers[1].id", "is required"),

                // Sources
                broken("plaintext key").set("/sources/0/keys/0", "my-secret-key")
                        .expect("sources[0].keys[0]", "must be 'sha256:' followed by 64 lowercase hex digits; store the hash, not the key (run: leadrouter hash-key KEY)"),
                broken("uppercase hex in key hash").set("/sources/0/keys/0", WEB_HASH.toUpperCase().replace("SHA256", "sha256"))
                        .expect("sources[0].keys[0]", "must be 'sha256:' followed by 64 lowercase hex digits; store the hash, not the key (run: leadrouter hash-key KEY)"),
                broken("one key for two sources").set("/sources/1/keys/0", WEB_HASH)
                        .expect("sources[1].keys[0]", "this key is already used (sources[0].keys[0])"),
                broken("no keys").set("/sources/0/keys", "[]")
                        .expect("sources[0].keys", "must be a non-empty list of key hashes"),
                broken("source naming unknown campaign").set("/sources/0/campaigns/0", "auto")
                        .expect("sources[0].campaigns[0]", "unknown campaign 'auto' (campaigns: solar)"),
                broken("webhook secret written inline").set("/sources/0/webhook", "{scheme: standard_webhooks, secret: whsec_abc}")
                        .expect("sources[0].webhook.secret", "must name a secret as \"${NAME}\" (read from the secrets file or the environment); the secret itself is never written in the config"),
                broken("unknown webhook scheme").set("/sources/0/webhook", "{scheme: svix, secret: \"${S}\"}")
                        .expect("sources[0].webhook.scheme", "must be one of standard_webhooks, github, stripe, got 'svix'"),

                // Fields and dedupe
                broken("unknown field type").set("/campaigns/0/fields/email/type", "text")
                        .expect("campaigns[0].fields.email.type", "must be one of string, email, phone, zip, us_state, number, boolean, date, enum, got 'text'"),
                broken("enum without values").remove("/campaigns/0/fields/roof/values")
                        .expect("campaigns[0].fields.roof.values", "is required for an enum field: the allowed values"),
                broken("region on an email field").set("/campaigns/0/fields/email/region", "US")
                        .expect("campaigns[0].fields.email.region", "'region' applies only to fields of type phone, not email"),
                broken("unknown phone region").set("/campaigns/0/fields/phone/region", "USA")
                        .expect("campaigns[0].fields.phone.region", "'USA' is not a two-letter ISO 3166 region code with phone numbers (such as US, GB, DE)"),
                broken("bad field name").set("/campaigns/0/fields/2fa", "{type: string}")
                        .expect("campaigns[0].fields.2fa", "'2fa' is not a valid field name (letters, digits and '_', not starting with a digit, at most 64)"),
                broken("no fields").set("/campaigns/0/fields", "{}")
                        .expect("campaigns[0].fields", "must declare at least one field")
                        .expect("campaigns[0].dedupe.fields[0]", "'phone' is not a field of this campaign (fields: )")
                        .expect("campaigns[0].rules[0].when.all[0].field", "'state' is not a field of campaign 'solar' (fields: lead.source, lead.campaign)")
                        .expect("buyers[0].accepts.field", "'state' is not a field of any campaign (fields: lead.source, lead.campaign)"),
                broken("dedupe on an unknown field").set("/campaigns/0/dedupe/fields/1", "fax")
                        .expect("campaigns[0].dedupe.fields[1]", "'fax' is not a field of this campaign (fields: phone, email, state, zip, monthly_bill, installed, roof)"),
                broken("bad dedupe window").set("/campaigns/0/dedupe/window", "30 days")
                        .expect("campaigns[0].dedupe.window", "expected a duration such as 90s, 15m, 12h, 30d or 2w, got '30 days'"),
                broken("zero dedupe window").set("/campaigns/0/dedupe/window", "0d")
                        .expect("campaigns[0].dedupe.window", "must be positive"),
                broken("bad dedupe action").set("/campaigns/0/dedupe/action", "drop")
                        .expect("campaigns[0].dedupe.action", "must be one of reject, same_buyer, got 'drop'"),

                // Rules and pools
                broken("duplicate rule name").set("/campaigns/0/rules/1/name", "California")
                        .expect("campaigns[0].rules[1].name", "duplicate rule name 'California' (also campaigns[0].rules[0])"),
                broken("rule without distribute").remove("/campaigns/0/rules/1/distribute")
                        .expect("campaigns[0].rules[1].distribute", "is required"),
                broken("unknown method").set("/campaigns/0/rules/0/distribute/method", "random")
                        .expect(RULE0 + ".distribute.method", "must be one of round_robin, weighted, priority, highest_bid, got 'random'"),
                broken("unknown buyer in a pool").set("/campaigns/0/rules/0/distribute/to/1", "nobody")
                        .expect(RULE0 + ".distribute.to[1]", "unknown buyer 'nobody' (buyers: sunco, brightpath)"),
                broken("same buyer twice in a pool").set("/campaigns/0/rules/0/distribute/to/1", "sunco")
                        .expect(RULE0 + ".distribute.to[1]", "buyer 'sunco' is already in this pool (campaigns[0].rules[0].distribute.to[0])"),
                broken("empty pool").set("/campaigns/0/rules/0/distribute/to", "[]")
                        .expect(RULE0 + ".distribute.to", "must be a non-empty list of buyers"),
                broken("weight not positive").set("/campaigns/0/rules/1/distribute/to/0/weight", "0")
                        .expect("campaigns[0].rules[1].distribute.to[0].weight", "must be a positive whole number, got 0"),
                broken("weight not whole").set("/campaigns/0/rules/1/distribute/to/0/weight", "1.5")
                        .expect("campaigns[0].rules[1].distribute.to[0].weight", "must be a whole number, got 1.5"),
                broken("weight on a priority rule").set("/campaigns/0/rules/0/distribute/to/0", "{buyer: sunco, weight: 3}")
                        .expect(RULE0 + ".distribute.to[0].weight", "'weight' applies only to method weighted, not priority"),
                broken("bid on a weighted rule").set("/campaigns/0/rules/1/distribute/to/0/bid", "10")
                        .expect("campaigns[0].rules[1].distribute.to[0].bid", "'bid' applies only to method highest_bid, not weighted"),
                broken("bid with three decimals").set("/campaigns/0/rules/0/distribute", "{method: highest_bid, to: [{buyer: sunco, bid: 1.005}]}")
                        .expect(RULE0 + ".distribute.to[0].bid", "has more than 2 decimals (1.005); amounts are not rounded"),
                broken("negative price in a pool").set("/campaigns/0/rules/0/distribute/to/0", "{buyer: sunco, price: -1}")
                        .expect(RULE0 + ".distribute.to[0].price", "must not be negative, got -1"),
                broken("unknown key in a pool entry").set("/campaigns/0/rules/0/distribute/to/0", "{buyer: sunco, prio: 1}")
                        .expect(RULE0 + ".distribute.to[0].prio", "unknown key 'prio' (did you mean 'price'?); allowed keys: buyer, weight, priority, bid, price"),
                broken("shared larger than the pool").set("/campaigns/0/rules/0/distribute/shared", "3")
                        .expect(RULE0 + ".distribute.shared", "shared: 3 exceeds the pool size (2 buyers)"),
                broken("shared of one").set("/campaigns/0/rules/0/distribute/shared", "1")
                        .expect(RULE0 + ".distribute.shared", "must be at least 2 (a lead sold to one buyer is exclusive), got 1"),
                broken("exclusive with shared").set("/campaigns/0/rules/0/distribute/shared", "2")
                        .set("/campaigns/0/rules/0/distribute/exclusive", "true")
                        .expect(RULE0 + ".distribute.exclusive", "exclusive: true contradicts shared; give one of them"),
                broken("exclusive false without shared").set("/campaigns/0/rules/0/distribute/exclusive", "false")
                        .expect(RULE0 + ".distribute.exclusive", "a shared lead needs the number of buyers: write shared: N (N >= 2) instead of exclusive: false"),
                broken("bad fallback queue").set("/campaigns/0/fallback", "Review Queue")
                        .expect("campaigns[0].fallback", "'Review Queue' is not a valid queue name (lowercase letters, digits, '_' and '-', starting with a letter or digit, at most 64)"),

                // Conditions
                broken("regex that does not compile").set(WHEN, "{field: email, op: regex, value: \"([a-z]+\"}")
                        .expect(RULE0 + ".when.value", "regex does not compile: Unclosed group near index 7"),
                broken("unknown operator").set(WHEN + "/all/0/op", "equals")
                        .expect(RULE0 + ".when.all[0].op", "must be one of " + OPS + ", got 'equals'"),
                broken("unknown field in a rule").set(WHEN + "/all/0/field", "colour")
                        .expect(RULE0 + ".when.all[0].field", "'colour' is not a field of campaign 'solar' (fields: " + SOLAR_FIELDS + ")"),
                broken("in_list naming an unknown list").set(WHEN + "/all/0", "{field: zip, op: in_list, value: ny_zips}")
                        .expect(RULE0 + ".when.all[0].value", "unknown list 'ny_zips' (lists: ca_zips)"),
                broken("between with one value").set(WHEN + "/all/0", "{field: monthly_bill, op: between, value: [100]}")
                        .expect(RULE0 + ".when.all[0].value", "op 'between' needs a list of two values [low, high], got 1"),
                broken("between with three values").set(WHEN + "/all/0", "{field: monthly_bill, op: between, value: [1, 2, 3]}")
                        .expect(RULE0 + ".when.all[0].value", "op 'between' needs a list of two values [low, high], got 3"),
                broken("between low above high").set(WHEN + "/all/0", "{field: monthly_bill, op: between, value: [200, 100]}")
                        .expect(RULE0 + ".when.all[0].value", "low bound 200 is greater than high bound 100"),
                broken("between mixing a number and a date").set(WHEN + "/all/0", "{field: installed, op: between, value: [2020-01-01, 5]}")
                        .expect(RULE0 + ".when.all[0].value[1]", "field 'installed' is a date; op 'between' needs a date (YYYY-MM-DD), got '5'"),
                broken("in with an empty list").set(WHEN + "/all/0", "{field: state, op: in, value: []}")
                        .expect(RULE0 + ".when.all[0].value", "op 'in' needs a non-empty list of values"),
                broken("in with a single value").set(WHEN + "/all/0", "{field: state, op: not_in, value: CA}")
                        .expect(RULE0 + ".when.all[0].value", "op 'not_in' needs a non-empty list of values"),
                broken("exists with a value").set(WHEN + "/all/0", "{field: email, op: exists, value: true}")
                        .expect(RULE0 + ".when.all[0].value", "op 'exists' takes no value"),
                broken("eq without a value").set(WHEN + "/all/0", "{field: state, op: eq}")
                        .expect(RULE0 + ".when.all[0].value", "op 'eq' needs a value"),
                broken("gt with text").set(WHEN + "/all/0", "{field: monthly_bill, op: gt, value: lots}")
                        .expect(RULE0 + ".when.all[0].value", "op 'gt' needs a number or a date (YYYY-MM-DD), got 'lots'"),
                broken("gt with a date on a number field").set(WHEN + "/all/0", "{field: monthly_bill, op: gt, value: 2026-01-01}")
                        .expect(RULE0 + ".when.all[0].value", "field 'monthly_bill' is a number; op 'gt' needs a number, got '2026-01-01'"),
                broken("lte with a number on a date field").set(WHEN + "/all/0", "{field: installed, op: lte, value: 2020}")
                        .expect(RULE0 + ".when.all[0].value", "field 'installed' is a date; op 'lte' needs a date (YYYY-MM-DD), got '2020'"),
                broken("gt on a text field").set(WHEN + "/all/0", "{field: state, op: gt, value: 5}")
                        .expect(RULE0 + ".when.all[0].value", "op 'gt' compares numbers or dates, but field 'state' is of type us_state"),
                broken("value outside an enum").set(WHEN + "/all/0", "{field: roof, op: eq, value: slate}")
                        .expect(RULE0 + ".when.all[0].value", "'slate' is not a value of enum field 'roof' (tile, metal)"),
                broken("unquoted zip").set(WHEN + "/all/0", "{field: zip, op: in, value: [\"90001\", 90002]}")
                        .expect(RULE0 + ".when.all[0].value[1]", "zip codes must be quoted strings: 90002 was read as a number"),
                broken("eq with a list").set(WHEN + "/all/0", "{field: state, op: eq, value: [CA]}")
                        .expect(RULE0 + ".when.all[0].value", "must be a single value (string, number or boolean)"),
                broken("two group keys").set(WHEN, "{all: [{field: state, op: exists}], any: [{field: zip, op: exists}]}")
                        .expect(RULE0 + ".when", "a condition has exactly one of all, any or not, or is a {field, op, value} test; found keys all, any"),
                broken("empty all").set(WHEN, "{all: []}")
                        .expect(RULE0 + ".when.all", "must be a non-empty list of conditions"),
                broken("unknown key in a test").set(WHEN + "/all/0/values", "[CA]")
                        .expect(RULE0 + ".when.all[0].values", "unknown key 'values' (did you mean 'value'?); allowed keys: field, op, value"),
                broken("empty when").set(WHEN, "~")
                        .expect(RULE0 + ".when", "is empty; leave it out for a rule that matches every lead"),
                broken("empty accepts").set("/buyers/0/accepts", "~")
                        .expect("buyers[0].accepts", "is empty; leave it out for a buyer that accepts every lead"),
                broken("condition that is not a map").set(WHEN + "/all/0", "state == CA")
                        .expect(RULE0 + ".when.all[0]", "must be a condition: {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}"),

                // Buyers
                broken("unknown time zone").set("/buyers/0/timezone", "Mars/Olympus")
                        .expect("buyers[0].timezone", "unknown time zone 'Mars/Olympus' (use a zone name such as America/New_York, or UTC)"),
                broken("missing time zone").remove("/buyers/1/timezone")
                        .expect("buyers[1].timezone", "is required: the buyer's time zone, such as America/New_York or UTC"),
                broken("unknown key in a buyer").set("/buyers/1/timezon", "UTC")
                        .expect("buyers[1].timezon", "unknown key 'timezon' (did you mean 'timezone'?); allowed keys: " + BUYER_KEYS),
                broken("yaml reads on as true").set("/buyers/1/status", "on")
                        .expect("buyers[1].status", "must be one of active, paused, got true"),
                broken("bad off_hours").set("/buyers/1/off_hours", "queue")
                        .expect("buyers[1].off_hours", "must be one of defer, skip, got 'queue'"),
                broken("bad cap period").set("/buyers/0/caps/0/per", "fortnight")
                        .expect("buyers[0].caps[0].per", "must be one of hour, day, week, month, total, got 'fortnight'"),
                broken("cap with max and max_spend").set("/buyers/0/caps/0/max_spend", "100")
                        .expect("buyers[0].caps[0]", "give either max (a number of leads) or max_spend (an amount), not both"),
                broken("cap without a limit").remove("/buyers/0/caps/0/max")
                        .expect("buyers[0].caps[0]", "needs max (a number of leads) or max_spend (an amount)"),
                broken("negative cap").set("/buyers/0/caps/0/max", "-5")
                        .expect("buyers[0].caps[0].max", "must not be negative, got -5"),
                broken("two day caps").set("/buyers/0/caps/1", "{per: day, max: 50}")
                        .expect("buyers[0].caps[1]", "a day cap with max is already set (buyers[0].caps[0])"),
                broken("money cap with three decimals").set("/buyers/0/caps/0", "{per: week, max_spend: 10.001}")
                        .expect("buyers[0].caps[0].max_spend", "has more than 2 decimals (10.001); amounts are not rounded"),
                broken("bad hours string").set("/buyers/0/hours/mon-fri", "8am-5pm")
                        .expect("buyers[0].hours.mon-fri", "expected HH:MM, got '8am'"),
                broken("hours out of range").set("/buyers/0/hours/mon-fri", "[\"08:00-12:00\", \"13:00-25:00\"]")
                        .expect("buyers[0].hours.mon-fri[1]", "not a time of day: '25:00'"),
                broken("empty window").set("/buyers/0/hours/mon-fri", "09:00-09:00")
                        .expect("buyers[0].hours.mon-fri", "window is empty: starts and ends at the same time"),
                broken("a day given twice").set("/buyers/0/hours/mon", "\"09:00-10:00\"")
                        .expect("buyers[0].hours.mon", "mon is already set by 'mon-fri'"),
                broken("unknown day").set("/buyers/0/hours/monday", "\"09:00-10:00\"")
                        .expect("buyers[0].hours.monday", "unknown day 'monday'; use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri or fri-mon, daily, weekdays or weekends"),
                broken("never open").set("/buyers/0/hours", "{daily: []}")
                        .expect("buyers[0].hours", "the buyer would never be open; leave hours out for a buyer open at all times"),
                broken("bad closed date").set("/buyers/0/closed", "[2026-02-30]")
                        .expect("buyers[0].closed[0]", "must be a date YYYY-MM-DD, got '2026-02-30'"),
                broken("price for an unknown campaign").set("/buyers/0/price/auto", "10")
                        .expect("buyers[0].price.auto", "unknown campaign 'auto' (campaigns: solar)"),
                broken("price that is not an amount").set("/buyers/0/price/solar", "cheap")
                        .expect("buyers[0].price.solar", "must be an amount such as 42.50, got 'cheap'"),
                broken("accepts on an unknown field").set("/buyers/0/accepts", "{field: colour, op: eq, value: red}")
                        .expect("buyers[0].accepts.field", "'colour' is not a field of any campaign (fields: " + SOLAR_FIELDS + ")"),
                broken("endpoints not a list").set("/buyers/0/endpoints", "{type: http}")
                        .expect("buyers[0].endpoints", "must be a list"),

                // Lists
                broken("list that is not a list").set("/lists/ca_zips", "90001")
                        .expect("lists.ca_zips", "must be a list of values or {file: name.txt}"),
                broken("bad list name").set("/lists/CA Zips", "[\"1\"]")
                        .expect("lists[\"CA Zips\"]", "'CA Zips' is not a valid list name (lowercase letters, digits, '_' and '-', starting with a letter or digit, at most 64)")
        );
    }

    @TestFactory
    Stream<DynamicTest> eachBrokenConfigReportsExactlyItsErrors() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            ConfigResult r = ConfigParser.parse(c.document(), 1);
            assertThat(r).as(c.name()).isInstanceOf(ConfigResult.Invalid.class);
            assertThat(((ConfigResult.Invalid) r).errors()).as(c.name()).containsExactlyElementsOf(c.expected());
        }));
    }

    @Test
    void baseIsValid() {
        assertThat(ConfigParser.parse(Docs.yaml(BASE), 1)).isInstanceOf(ConfigResult.Valid.class);
    }

    @Test
    void manyErrorsAreAllReportedInDocumentOrder() {
        String yaml = """
                sources:
                  - id: web
                    keys: [demo-web-key]
                    campaigns: [solar, auto]
                campaigns:
                  - id: solar
                    fields:
                      phone: {type: phone, required: yes}
                      bill: {type: numbr}
                    dedupe: {fields: [phone], window: 30x}
                    rules:
                      - name: One
                        when: {field: state, op: eq, value: CA}
                        distribute: {method: weighted, to: [{buyer: sunco, weight: -1}, ghost], shared: 5}
                      - name: One
                        distribute: {method: priority, to: [sunco], exclusive: false}
                buyers:
                  - id: sunco
                    timezone: Europe/Atlantis
                    hours: {mon-fri: "09:00-17:00", fri: "10:00-12:00"}
                    caps: [{per: daily, max: 10}, {per: month, max_spend: 1.234}]
                    colour: red
                  - id: sunco
                    timezone: UTC
                """;
        ConfigResult r = ConfigParser.parse(yaml, 1, null);
        assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
        assertThat(((ConfigResult.Invalid) r).errors()).containsExactly(
                new ConfigError("sources[0].keys[0]", "must be 'sha256:' followed by 64 lowercase hex digits; store the hash, not the key (run: leadrouter hash-key KEY)"),
                new ConfigError("sources[0].campaigns[1]", "unknown campaign 'auto' (campaigns: solar)"),
                new ConfigError("campaigns[0].fields.bill.type", "must be one of string, email, phone, zip, us_state, number, boolean, date, enum, got 'numbr'"),
                new ConfigError("campaigns[0].dedupe.window", "expected a duration such as 90s, 15m, 12h, 30d or 2w, got '30x'"),
                new ConfigError("campaigns[0].rules[0].when.field", "'state' is not a field of campaign 'solar' (fields: phone, bill, lead.source, lead.campaign)"),
                new ConfigError("campaigns[0].rules[0].distribute.to[0].weight", "must be a positive whole number, got -1"),
                new ConfigError("campaigns[0].rules[0].distribute.to[1]", "unknown buyer 'ghost' (buyers: sunco)"),
                new ConfigError("campaigns[0].rules[0].distribute.shared", "shared: 5 exceeds the pool size (2 buyers)"),
                new ConfigError("campaigns[0].rules[1].name", "duplicate rule name 'One' (also campaigns[0].rules[0])"),
                new ConfigError("campaigns[0].rules[1].distribute.exclusive", "a shared lead needs the number of buyers: write shared: N (N >= 2) instead of exclusive: false"),
                new ConfigError("buyers[0].timezone", "unknown time zone 'Europe/Atlantis' (use a zone name such as America/New_York, or UTC)"),
                new ConfigError("buyers[0].hours.fri", "fri is already set by 'mon-fri'"),
                new ConfigError("buyers[0].caps[0].per", "must be one of hour, day, week, month, total, got 'daily'"),
                new ConfigError("buyers[0].caps[1].max_spend", "has more than 2 decimals (1.234); amounts are not rounded"),
                new ConfigError("buyers[0].colour", "unknown key 'colour'; allowed keys: " + BUYER_KEYS),
                new ConfigError("buyers[1].id", "duplicate buyer id 'sunco' (also buyers[0])"));
    }

    @Test
    void errorsNameTheirPlaceEvenForQuotedKeys() {
        assertThat(ErrorOrder.parent("lists[\"CA Zips\"]")).isEqualTo("lists");
        assertThat(ErrorOrder.parent("buyers[2].caps[0].per")).isEqualTo("buyers[2].caps[0]");
        assertThat(ErrorOrder.parent("buyers[2]")).isEqualTo("buyers");
        assertThat(ErrorOrder.parent("buyers")).isEqualTo("$");
        assertThat(ErrorOrder.parent("$")).isNull();
    }
}
