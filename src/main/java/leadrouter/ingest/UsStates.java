package leadrouter.ingest;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** The 50 US states, DC and the inhabited territories (PR, VI, GU, AS, MP), by code or name. */
public final class UsStates {
    // Compiled once (every lead with a state goes through key()); first, as the tables below use it.
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private static final String[][] STATES = {
            {"AL", "Alabama"}, {"AK", "Alaska"}, {"AZ", "Arizona"}, {"AR", "Arkansas"}, {"CA", "California"},
            {"CO", "Colorado"}, {"CT", "Connecticut"}, {"DE", "Delaware"}, {"FL", "Florida"}, {"GA", "Georgia"},
            {"HI", "Hawaii"}, {"ID", "Idaho"}, {"IL", "Illinois"}, {"IN", "Indiana"}, {"IA", "Iowa"},
            {"KS", "Kansas"}, {"KY", "Kentucky"}, {"LA", "Louisiana"}, {"ME", "Maine"}, {"MD", "Maryland"},
            {"MA", "Massachusetts"}, {"MI", "Michigan"}, {"MN", "Minnesota"}, {"MS", "Mississippi"}, {"MO", "Missouri"},
            {"MT", "Montana"}, {"NE", "Nebraska"}, {"NV", "Nevada"}, {"NH", "New Hampshire"}, {"NJ", "New Jersey"},
            {"NM", "New Mexico"}, {"NY", "New York"}, {"NC", "North Carolina"}, {"ND", "North Dakota"}, {"OH", "Ohio"},
            {"OK", "Oklahoma"}, {"OR", "Oregon"}, {"PA", "Pennsylvania"}, {"RI", "Rhode Island"}, {"SC", "South Carolina"},
            {"SD", "South Dakota"}, {"TN", "Tennessee"}, {"TX", "Texas"}, {"UT", "Utah"}, {"VT", "Vermont"},
            {"VA", "Virginia"}, {"WA", "Washington"}, {"WV", "West Virginia"}, {"WI", "Wisconsin"}, {"WY", "Wyoming"},
            {"DC", "District of Columbia", "Washington DC"},
            {"PR", "Puerto Rico"},
            {"VI", "US Virgin Islands", "Virgin Islands", "United States Virgin Islands"},
            {"GU", "Guam"},
            {"AS", "American Samoa"},
            {"MP", "Northern Mariana Islands", "Commonwealth of the Northern Mariana Islands"},
    };
    private static final Map<String, String> BY_KEY = new HashMap<>();
    private static final SortedSet<String> CODES = new TreeSet<>();

    static {
        for (String[] s : STATES) {
            CODES.add(s[0]);
            for (String name : s) BY_KEY.put(key(name), s[0]);
        }
    }

    private UsStates() {}

    /** The 2-letter code for a code or name in any case ("ca", " California ", "D.C."), if it is one. */
    public static Optional<String> code(String codeOrName) {
        if (codeOrName == null || codeOrName.length() > 60) return Optional.empty();
        return Optional.ofNullable(BY_KEY.get(key(codeOrName)));
    }

    /** All accepted 2-letter codes, sorted. */
    public static SortedSet<String> codes() {
        return Collections.unmodifiableSortedSet(CODES);
    }

    /** Upper case, no dots ("D.C.", "U.S. Virgin Islands"), single spaces. */
    private static String key(String s) {
        return SPACES.matcher(s.replace(".", "").trim()).replaceAll(" ").toUpperCase(Locale.ROOT);
    }
}
