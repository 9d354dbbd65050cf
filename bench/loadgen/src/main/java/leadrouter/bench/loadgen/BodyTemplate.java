package leadrouter.bench.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request body with {@code {{name}}} placeholders, split once into literal and placeholder parts.
 * Placeholders: campaign, seq, first_name, last_name, phone, email, state, zip, monthly_bill.
 * Values are inserted as they are (the generated ones need no JSON escaping, except the campaign,
 * which is escaped).
 */
public final class BodyTemplate {

    public static final String DEFAULT = """
            {"campaign":"{{campaign}}","fields":{"first_name":"{{first_name}}","last_name":"{{last_name}}",\
            "phone":"{{phone}}","email":"{{email}}","state":"{{state}}","zip":"{{zip}}",\
            "monthly_bill":{{monthly_bill}}}}""";

    static final Set<String> NAMES = Set.of("campaign", "seq", "first_name", "last_name", "phone", "email",
            "state", "zip", "monthly_bill");

    private final List<String> literals = new ArrayList<>();
    private final List<String> holes = new ArrayList<>();
    private final String campaign;
    private final LeadFaker faker;

    public BodyTemplate(String template, String campaign, LeadFaker faker) {
        this.campaign = jsonEscape(campaign);
        this.faker = faker;
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            if (open < 0) break;
            int close = template.indexOf("}}", open + 2);
            if (close < 0) throw new IllegalArgumentException("unclosed placeholder at offset " + open);
            String name = template.substring(open + 2, close).trim();
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown placeholder {{" + name + "}}; known: " + NAMES);
            }
            literals.add(template.substring(at, open));
            holes.add(name);
            at = close + 2;
        }
        literals.add(template.substring(at));
    }

    /** The UTF-8 body for sequence number {@code n}. */
    public byte[] render(long n) {
        LeadFaker.Lead lead = faker.lead(n);
        StringBuilder b = new StringBuilder(320);
        for (int i = 0; i < holes.size(); i++) {
            b.append(literals.get(i));
            switch (holes.get(i)) {
                case "campaign" -> b.append(campaign);
                case "seq" -> b.append(n);
                case "first_name" -> b.append(lead.firstName());
                case "last_name" -> b.append(lead.lastName());
                case "phone" -> b.append(lead.phone());
                case "email" -> b.append(lead.email());
                case "state" -> b.append(lead.state());
                case "zip" -> b.append(lead.zip());
                case "monthly_bill" -> b.append(lead.monthlyBill());
                default -> throw new AssertionError(holes.get(i));
            }
        }
        b.append(literals.getLast());
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
