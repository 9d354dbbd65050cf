package leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import leadrouter.ingest.DedupePolicy;
import leadrouter.ingest.FieldSpec;
import leadrouter.ingest.FieldType;
import leadrouter.ingest.Source;
import leadrouter.routing.Buyer;
import leadrouter.routing.Campaign;
import leadrouter.routing.Cap;
import leadrouter.routing.CapPeriod;
import leadrouter.routing.Condition;
import leadrouter.routing.Condition.Operand;
import leadrouter.routing.Distribution;
import leadrouter.routing.Lead;
import leadrouter.routing.Op;
import leadrouter.routing.OperatingHours;
import leadrouter.routing.OperatingHours.Window;
import leadrouter.routing.Rule;
import leadrouter.routing.RoutingConfig;
import leadrouter.routing.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigParserTest {
    static final String WEB_KEY_HASH = Keys.hash("web-key");

    /** The example of the config format, with the two buyers it names but does not define. */
    static final String EXAMPLE = """
            lists:
              ca_zips: ["90001", "90002"]
            sources:
              - id: web-form
                name: Website form
                keys: ["%s"]
                campaigns: [solar]
            campaigns:
              - id: solar
                name: Residential solar (US)
                fields:
                  first_name: {type: string, required: true}
                  phone: {type: phone, region: US, required: true}
                  email: {type: email}
                  state: {type: us_state, required: true}
                  zip: {type: zip}
                  monthly_bill: {type: number}
                dedupe: {fields: [phone, email], window: 30d, action: reject}
                rules:
                  - name: California high bill
                    when: {all: [{field: state, op: eq, value: CA}, {field: monthly_bill, op: gte, value: 150}]}
                    distribute: {method: highest_bid, exclusive: true, to: [sunco, brightpath]}
                  - name: Rest of US
                    distribute:
                      method: weighted
                      to: [{buyer: sunco, weight: 60}, {buyer: brightpath, weight: 20}, {buyer: greenhome, weight: 20}]
                fallback: unassigned
            buyers:
              - id: sunco
                name: SunCo Solar
                timezone: America/Los_Angeles
                hours: {mon-fri: "08:00-20:00", sat: "09:00-14:00"}   # absent = always open
                closed: [2026-12-25]
                off_hours: defer
                caps: [{per: day, max: 100}, {per: month, max: 2000}]
                price: {solar: 42.50}
                accepts: {field: state, op: in, value: [CA, NV, AZ]}
                endpoints: []
              - id: brightpath
                timezone: America/New_York
              - id: greenhome
                timezone: UTC
            """.formatted(WEB_KEY_HASH);

    static Config valid(String yaml) {
        ConfigResult r = ConfigParser.parse(yaml, 1, null);
        assertThat(r).as("%s", r).isInstanceOf(ConfigResult.Valid.class);
        return r.orThrow();
    }

    @Test
    void exampleCompilesToTheExpectedModel() {
        JsonNode doc = Docs.yaml(EXAMPLE);
        Config config = ConfigParser.parse(doc, 7).orThrow();

        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        fields.put("first_name", FieldSpec.of("first_name", FieldType.STRING, true));
        fields.put("phone", new FieldSpec("phone", FieldType.PHONE, true, "US", List.of(), 0));
        fields.put("email", FieldSpec.of("email", FieldType.EMAIL, false));
        fields.put("state", FieldSpec.of("state", FieldType.US_STATE, true));
        fields.put("zip", FieldSpec.of("zip", FieldType.ZIP, false));
        fields.put("monthly_bill", FieldSpec.of("monthly_bill", FieldType.NUMBER, false));
        Rule california = new Rule("California high bill",
                new Condition.All(List.of(
                        new Condition.Test("state", Op.EQ, Operand.scalar("CA")),
                        new Condition.Test("monthly_bill", Op.GTE, Operand.scalar(new BigDecimal("150"))))),
                new Distribution.HighestBid(List.of(Slot.of("sunco", 0), Slot.of("brightpath", 1)), 1));
        Rule rest = new Rule("Rest of US", null, new Distribution.Weighted(List.of(
                new Slot("sunco", 60, 0, null, null),
                new Slot("brightpath", 20, 1, null, null),
                new Slot("greenhome", 20, 2, null, null)), 1));
        Campaign solar = new Campaign("solar", "Residential solar (US)", fields,
                new DedupePolicy(List.of("phone", "email"), Duration.ofDays(30), DedupePolicy.Match.ANY, DedupePolicy.Action.REJECT),
                List.of(california, rest), "unassigned");

        Map<DayOfWeek, List<Window>> weekly = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            weekly.put(d, List.of(new Window(8 * 60, 20 * 60)));
        }
        weekly.put(DayOfWeek.SATURDAY, List.of(new Window(9 * 60, 14 * 60)));
        Buyer sunco = new Buyer("sunco", "SunCo Solar", ZoneId.of("America/Los_Angeles"), true,
                new OperatingHours(weekly, Set.of(LocalDate.of(2026, 12, 25))), Buyer.OffHours.DEFER,
                List.of(Cap.leads(CapPeriod.DAY, 100), Cap.leads(CapPeriod.MONTH, 2000)), Map.of("solar", 4250L),
                new Condition.Test("state", Op.IN, Operand.set("[CA, NV, AZ]", List.of("CA", "NV", "AZ"))), false);
        Map<String, Buyer> buyers = new LinkedHashMap<>();
        buyers.put("sunco", sunco);
        buyers.put("brightpath", Buyer.simple("brightpath", ZoneId.of("America/New_York")));
        buyers.put("greenhome", Buyer.simple("greenhome", ZoneId.of("UTC")));

        assertThat(config.version()).isEqualTo(7);
        assertThat(config.routing()).isEqualTo(new RoutingConfig(7, Map.of("solar", solar), buyers));
        assertThat(List.copyOf(config.routing().buyers().keySet())).containsExactly("sunco", "brightpath", "greenhome");
        assertThat(config.sources()).isEqualTo(Map.of("web-form",
                new Source("web-form", "Website form", Set.of(WEB_KEY_HASH), Set.of("solar"))));
        assertThat(config.sourceByKeyHash(Keys.hash("web-key")).id()).isEqualTo("web-form");
        assertThat(config.endpoints()).isEqualTo(Map.of("sunco", List.of(), "brightpath", List.of(), "greenhome", List.of()));
        assertThat(config.document()).isSameAs(doc);
    }

    @Test
    void jsonAndYamlGiveTheSameConfig() throws Exception {
        JsonNode yaml = Docs.yaml(EXAMPLE);
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(yaml);
        assertThat(valid(json).routing()).isEqualTo(valid(EXAMPLE).routing());
    }

    @Test
    void compiledConditionsBehaveAsWritten() {
        Config config = valid(EXAMPLE);
        Rule california = config.routing().campaign("solar").rules().getFirst();
        assertThat(california.when().test(lead(Map.of("state", "CA", "monthly_bill", new BigDecimal("150"))))).isTrue();
        assertThat(california.when().test(lead(Map.of("state", "CA", "monthly_bill", new BigDecimal("149.99"))))).isFalse();
        Condition accepts = config.routing().buyer("sunco").accepts();
        assertThat(accepts.test(lead(Map.of("state", "NV")))).isTrue();
        assertThat(accepts.test(lead(Map.of("state", "TX")))).isFalse();
    }

    static Config valid(JsonNode doc) {
        ConfigResult r = ConfigParser.parse(doc, 1);
        assertThat(r).as("%s", r).isInstanceOf(ConfigResult.Valid.class);
        return r.orThrow();
    }

    static JsonNode example() {
        return Docs.yaml(EXAMPLE);
    }

    @Test
    void distributionOptions() {
        JsonNode doc = Docs.edit(example(), "/campaigns/0/rules/0/distribute", """
                method: highest_bid
                shared: 2
                to: [{buyer: sunco, bid: 55, price: "40.10", priority: 5}, {buyer: brightpath, bid: 0.5}, greenhome]
                """);
        Distribution d = valid(doc).routing().campaign("solar").rules().getFirst().distribute();
        assertThat(d).isEqualTo(new Distribution.HighestBid(List.of(
                new Slot("sunco", 1, 5, 5500L, 4010L),
                new Slot("brightpath", 1, 1, 50L, null),
                new Slot("greenhome", 1, 2, null, null)), 2));
        assertThat(d.exclusive()).isFalse();
    }

    @Test
    void priorityFollowsTheOrderOfTo() {
        JsonNode doc = Docs.edit(example(), "/campaigns/0/rules/0/distribute", "{method: priority, to: [greenhome, sunco, brightpath]}");
        Distribution d = valid(doc).routing().campaign("solar").rules().getFirst().distribute();
        assertThat(d).isInstanceOf(Distribution.Priority.class);
        assertThat(d.pool()).extracting(Slot::buyer, Slot::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("greenhome", 0),
                        org.assertj.core.groups.Tuple.tuple("sunco", 1),
                        org.assertj.core.groups.Tuple.tuple("brightpath", 2));
    }

    @Test
    void hoursForms() {
        JsonNode doc = example();
        Docs.edit(doc, "/buyers/0/hours", """
                fri-mon: ["22:00-02:00", "09:00-12:00"]
                wed: "00:00-24:00"
                """);
        Docs.edit(doc, "/buyers/0/status", "paused");
        Docs.edit(doc, "/buyers/0/off_hours", "skip");
        Docs.edit(doc, "/buyers/0/rejects_count_against_caps", "true");
        Buyer b = valid(doc).routing().buyer("sunco");
        Window night = new Window(22 * 60, 2 * 60);
        Window morning = new Window(9 * 60, 12 * 60);
        assertThat(b.hours().weekly().get(DayOfWeek.FRIDAY)).containsExactly(morning, night);
        assertThat(b.hours().weekly().get(DayOfWeek.SUNDAY)).containsExactly(morning, night);
        assertThat(b.hours().weekly().get(DayOfWeek.MONDAY)).containsExactly(morning, night);
        assertThat(b.hours().weekly().get(DayOfWeek.WEDNESDAY)).containsExactly(Window.ALL_DAY);
        assertThat(b.hours().weekly().get(DayOfWeek.TUESDAY)).isEmpty();
        assertThat(b.hours().closed()).containsExactly(LocalDate.of(2026, 12, 25));
        assertThat(b.active()).isFalse();
        assertThat(b.offHours()).isEqualTo(Buyer.OffHours.SKIP);
        assertThat(b.rejectsCountAgainstCaps()).isTrue();
        // Tuesday 01:00 in Los Angeles is still inside Monday's 22:00-02:00 window.
        assertThat(b.hours().isOpen(Instant.parse("2026-03-03T09:00:00Z"), b.zone())).isTrue();
        assertThat(b.hours().isOpen(Instant.parse("2026-03-03T11:00:00Z"), b.zone())).isFalse();
    }

    @Test
    void namedDayGroups() {
        assertThat(HoursParser.days("daily")).hasSize(7);
        assertThat(HoursParser.days("weekdays")).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(HoursParser.days("weekends")).containsExactly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(HoursParser.days("sat-tue")).containsExactly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY,
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY);
        assertThat(HoursParser.days("mon-mon")).isNull();
        assertThat(HoursParser.days("Mon")).isNull();
    }

    @Test
    void absentHoursMeansAlwaysOpenExceptClosedDates() {
        Buyer b = valid(Docs.edit(example(), "/buyers/0/hours", null)).routing().buyer("sunco");
        assertThat(b.hours()).isEqualTo(OperatingHours.always(Set.of(LocalDate.of(2026, 12, 25))));
    }

    @Test
    void moneyCapsAndPricesAreCents() {
        JsonNode doc = Docs.edit(example(), "/buyers/0/caps",
                "[{per: hour, max: 0}, {per: week, max_spend: 500.5}, {per: total, max_spend: \"12000\"}, {per: week, max: 10}]");
        Buyer b = valid(doc).routing().buyer("sunco");
        assertThat(b.caps()).containsExactly(Cap.leads(CapPeriod.HOUR, 0), Cap.moneyCents(CapPeriod.WEEK, 50050),
                Cap.moneyCents(CapPeriod.TOTAL, 1_200_000), Cap.leads(CapPeriod.WEEK, 10));
        assertThat(b.priceFor("solar")).isEqualTo(4250);
    }

    @Test
    void fieldOptions() {
        String yaml = EXAMPLE.replace("first_name: {type: string, required: true}",
                "first_name: {type: string, required: true, max_length: 40}\n"
                        + "      roof: {type: enum, values: [tile, metal]}\n"
                        + "      installed: {type: date}\n"
                        + "      homeowner: {type: boolean, required: false}")
                .replace("phone: {type: phone, region: US, required: true}", "phone: {type: phone, region: GB, required: true}")
                .replace("dedupe: {fields: [phone, email], window: 30d, action: reject}",
                        "dedupe: {fields: [email], window: 2w, match: all, action: same_buyer}");
        Campaign c = valid(yaml).routing().campaign("solar");
        assertThat(c.fields().get("first_name")).isEqualTo(new FieldSpec("first_name", FieldType.STRING, true, null, List.of(), 40));
        assertThat(c.fields().get("roof")).isEqualTo(new FieldSpec("roof", FieldType.ENUM, false, null, List.of("tile", "metal"), 0));
        assertThat(c.fields().get("installed").type()).isEqualTo(FieldType.DATE);
        assertThat(c.fields().get("homeowner").type()).isEqualTo(FieldType.BOOLEAN);
        assertThat(c.fields().get("phone").region()).isEqualTo("GB");
        assertThat(c.dedupe()).isEqualTo(new DedupePolicy(List.of("email"), Duration.ofDays(14),
                DedupePolicy.Match.ALL, DedupePolicy.Action.SAME_BUYER));
        assertThat(List.copyOf(c.fields().keySet())).containsExactly("first_name", "roof", "installed", "homeowner",
                "phone", "email", "state", "zip", "monthly_bill");
    }

    @Test
    void everyOperatorCompiles() {
        JsonNode doc = Docs.edit(example(), "/campaigns/0/rules/0/when", """
                all:
                  - {field: email, op: exists}
                  - {field: zip, op: missing}
                  - {field: state, op: ne, value: TX}
                  - {field: state, op: not_in, value: [AK, HI]}
                  - {field: email, op: contains, value: "@"}
                  - {field: first_name, op: starts_with, value: j}
                  - {field: email, op: regex, value: "^[a-z]+@"}
                  - {field: monthly_bill, op: gt, value: 10}
                  - {field: monthly_bill, op: lt, value: "1000.5"}
                  - {field: monthly_bill, op: lte, value: 1000}
                  - {field: monthly_bill, op: between, value: [10, 1000]}
                  - any: [{field: lead.source, op: eq, value: web-form}, {field: lead.campaign, op: in_list, value: ca_zips}]
                  - not: {field: state, op: eq, value: NY}
                """);
        Condition c = valid(doc).routing().campaign("solar").rules().getFirst().when();
        assertThat(c.describe()).isEqualTo("(email exists and zip missing and state ne TX and state not_in [AK, HI]"
                + " and email contains @ and first_name starts_with j and email regex ^[a-z]+@ and monthly_bill gt 10"
                + " and monthly_bill lt 1000.5 and monthly_bill lte 1000 and monthly_bill between [10, 1000]"
                + " and (lead.source eq web-form or lead.campaign in_list ca_zips) and not state eq NY)");
        Lead yes = new Lead("l1", "solar", "web-form", Map.of("email", "jo@x.com", "state", "CA", "first_name", "Jo",
                "monthly_bill", new BigDecimal("500")), Instant.EPOCH);
        assertThat(c.test(yes)).isTrue();
        assertThat(c.test(new Lead("l1", "solar", "partner", yes.fields(), Instant.EPOCH))).isFalse();
    }

    @Test
    void inListUsesTheNamedList(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("zips.txt"), "# Los Angeles\n90001\n\n  90002  \n90003\n");
        String yaml = EXAMPLE.replace("ca_zips: [\"90001\", \"90002\"]", "ca_zips: {file: zips.txt}\n  inline: [\"10001\"]")
                .replace("    when: {all: [{field: state, op: eq, value: CA}, {field: monthly_bill, op: gte, value: 150}]}",
                        "    when: {field: zip, op: in_list, value: ca_zips}");
        Files.writeString(dir.resolve("leadrouter.yaml"), yaml);
        Config config = ConfigParser.parseFile(dir.resolve("leadrouter.yaml"), 1).orThrow();
        Condition c = config.routing().campaign("solar").rules().getFirst().when();
        assertThat(c).isEqualTo(new Condition.Test("zip", Op.IN_LIST, Operand.set("ca_zips", List.of("90001", "90002", "90003"))));
        assertThat(c.test(lead(Map.of("zip", "90003")))).isTrue();
        assertThat(c.test(lead(Map.of("zip", "10001")))).isFalse();
    }

    @Test
    void listFileErrors(@TempDir Path dir) {
        String yaml = EXAMPLE.replace("ca_zips: [\"90001\", \"90002\"]", "ca_zips: {file: missing.txt}");
        ConfigResult withDir = ConfigParser.parse(yaml, 1, dir);
        assertThat(((ConfigResult.Invalid) withDir).errors()).containsExactly(new ConfigError("lists.ca_zips.file",
                "cannot read " + dir.resolve("missing.txt") + ": NoSuchFileException"));
        ConfigResult withoutDir = ConfigParser.parse(yaml, 1, null);
        assertThat(((ConfigResult.Invalid) withoutDir).errors()).containsExactly(new ConfigError("lists.ca_zips.file",
                "list files can only be used in a config loaded from a file; write the values inline"));
    }

    @Test
    void emptySourcesAndBuyersAreAllowed() {
        Config config = valid("""
                sources: []
                campaigns:
                  - id: leads
                    fields: {email: {type: email, required: true}}
                buyers: []
                """);
        assertThat(config.sources()).isEmpty();
        Campaign c = config.routing().campaign("leads");
        assertThat(c.rules()).isEmpty();
        assertThat(c.dedupe()).isNull();
        assertThat(c.fallback()).isEqualTo("unassigned");
        assertThat(c.name()).isEqualTo("leads");
    }

    @Test
    void endpointErrorsAreReportedUnderTheBuyer() {
        String yaml = EXAMPLE.replace("    endpoints: []", "    endpoints: [{}]");
        ConfigResult r = ConfigParser.parse(yaml, 1, null);
        assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
        assertThat(((ConfigResult.Invalid) r).errors()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path()).startsWith("buyers[0].endpoints[0]"));
    }

    @Test
    void invalidResultThrowsWithEveryError() {
        ConfigResult r = ConfigParser.parse("campaigns: []\nbuyers: {}\n", 1, null);
        assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(r::orThrow)
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        new ConfigError("campaigns", "must list at least one campaign"),
                        new ConfigError("buyers", "must be a list")))
                .hasMessage("2 config errors:\n  campaigns: must list at least one campaign\n  buyers: must be a list");
    }

    private static Lead lead(Map<String, Object> fields) {
        return new Lead("l1", "solar", "web-form", fields, Instant.EPOCH);
    }
}
