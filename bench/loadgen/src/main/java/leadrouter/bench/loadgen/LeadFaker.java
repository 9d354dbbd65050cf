package leadrouter.bench.loadgen;

/**
 * Realistic, varied solar leads, a pure function of (seed, sequence number): the same pair always
 * gives the same lead. Phones and emails are unique across all sequence numbers below
 * {@link #PHONE_SPACE}, so a run over a disjoint range of numbers never trips the server's dedupe.
 */
public final class LeadFaker {

    /** Area codes of large US cities; libphonenumber accepts every exchange 200-999 in them. */
    static final int[] AREA_CODES = {212, 310, 415, 512, 617, 702, 808, 305, 713, 214,
            404, 602, 206, 303, 312, 646, 718, 818, 469, 720};

    /** Exchanges 200-999 except N11 service codes and 555 (reserved for fiction and directory). */
    static final int[] EXCHANGES = exchanges();

    /** How many distinct phones (and so leads) one seed can produce before repeating. */
    public static final long PHONE_SPACE = (long) AREA_CODES.length * EXCHANGES.length * 10_000L;

    private static final String[] FIRST = {
            "Ana", "James", "Maria", "Robert", "Mary", "Michael", "Patricia", "David", "Jennifer", "John",
            "Linda", "William", "Elizabeth", "Richard", "Barbara", "Joseph", "Susan", "Thomas", "Jessica", "Carlos",
            "Sarah", "Daniel", "Karen", "Matthew", "Lisa", "Anthony", "Nancy", "Mark", "Betty", "Luis",
            "Sandra", "Steven", "Ashley", "Andrew", "Kimberly", "Joshua", "Emily", "Kevin", "Donna", "Brian",
            "Michelle", "Jorge", "Carol", "Wei", "Amanda", "Nguyen", "Melissa", "Jose", "Deborah", "Priya",
            "Stephanie", "Ryan", "Rebecca", "Jacob", "Laura", "Gary", "Sharon", "Nicholas", "Cynthia", "Eric",
            "Kathleen", "Jonathan", "Amy", "Stephen", "Angela", "Larry", "Shirley", "Justin", "Brenda", "Scott",
            "Emma", "Raj", "Olivia", "Sofia", "Mateo", "Aisha", "Omar", "Fatima", "Hiroshi", "Yuki",
            "Chloé", "José", "Zoë", "André", "Renée", "Noah", "Liam", "Ava", "Mia", "Ethan"};

    private static final String[] LAST = {
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
            "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
            "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
            "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
            "Kim", "Patel", "Chen", "Wang", "Singh", "Okafor", "O'Brien", "Müller", "Peña", "Da Silva"};

    private static final String[] FIRST_ASCII = asciiAll(FIRST);
    private static final String[] LAST_ASCII = asciiAll(LAST);

    private static final String[] DOMAINS = {"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com",
            "hotmail.com", "icloud.com", "aol.com", "comcast.net", "example.com"};

    /** US states weighted toward the large solar markets; each with its 3-digit zip prefix range. */
    private static final State[] STATES = {
            new State("CA", 24, 900, 961), new State("TX", 15, 750, 799), new State("FL", 12, 320, 349),
            new State("NY", 9, 100, 149), new State("AZ", 5, 850, 865), new State("NJ", 4, 70, 89),
            new State("NC", 3, 270, 289), new State("MA", 3, 10, 27), new State("NV", 3, 889, 898),
            new State("CO", 3, 800, 816), new State("IL", 3, 600, 629), new State("PA", 3, 150, 196),
            new State("GA", 3, 300, 319), new State("WA", 2, 980, 994), new State("VA", 2, 220, 246),
            new State("OH", 2, 430, 458), new State("MD", 2, 206, 219), new State("UT", 1, 840, 847),
            new State("OR", 1, 970, 979), new State("MI", 1, 480, 499)};
    private static final int STATE_WEIGHT = sumWeights();

    private final long seed;
    private final long multiplier;
    private final long offset;

    public LeadFaker(long seed) {
        this.seed = seed;
        // n -> (a*n + b) mod space with gcd(a, space) = 1 is a bijection: distinct n, distinct phones.
        long a = (mix(seed) & Long.MAX_VALUE) % PHONE_SPACE;
        while (a < 2 || gcd(a, PHONE_SPACE) != 1) a++;
        this.multiplier = a;
        this.offset = (mix(seed + 1) & Long.MAX_VALUE) % PHONE_SPACE;
    }

    /** One lead's fields for sequence number {@code n}. */
    public Lead lead(long n) {
        if (n < 0 || n >= PHONE_SPACE) throw new IllegalArgumentException("sequence number out of range: " + n);
        long h = mix(seed ^ mix(n));
        int fi = (int) Long.remainderUnsigned(h, FIRST.length);
        h = mix(h);
        int li = (int) Long.remainderUnsigned(h, LAST.length);
        h = mix(h);
        State st = pickState((int) Long.remainderUnsigned(h, STATE_WEIGHT));
        h = mix(h);
        int zip = (st.zipLow + (int) Long.remainderUnsigned(h, st.zipHigh - st.zipLow + 1)) * 100
                + (int) Long.remainderUnsigned(h >>> 20, 100);
        h = mix(h);
        int bill = 50 + (int) Long.remainderUnsigned(h, 351);
        h = mix(h);
        String domain = DOMAINS[(int) Long.remainderUnsigned(h, DOMAINS.length)];
        String email = FIRST_ASCII[fi] + "." + LAST_ASCII[li] + "." + Long.toString(n, 36) + "@" + domain;
        return new Lead(FIRST[fi], LAST[li], phone(n), email, st.code, pad(zip, 5), bill);
    }

    /** The E.164 phone of sequence number {@code n}; distinct for distinct n below PHONE_SPACE. */
    String phone(long n) {
        // Both factors are below 2^28, so the product cannot overflow.
        long idx = (multiplier * n + offset) % PHONE_SPACE;
        int line = (int) (idx % 10_000);
        idx /= 10_000;
        int exchange = EXCHANGES[(int) (idx % EXCHANGES.length)];
        int area = AREA_CODES[(int) (idx / EXCHANGES.length)];
        return "+1" + area + exchange + pad(line, 4);
    }

    public record Lead(String firstName, String lastName, String phone, String email, String state, String zip,
                       int monthlyBill) {
    }

    private record State(String code, int weight, int zipLow, int zipHigh) {
    }

    private static State pickState(int r) {
        for (State s : STATES) {
            if (r < s.weight) return s;
            r -= s.weight;
        }
        throw new AssertionError();
    }

    private static int sumWeights() {
        int w = 0;
        for (State s : STATES) w += s.weight;
        return w;
    }

    private static int[] exchanges() {
        int[] out = new int[800];
        int k = 0;
        for (int e = 200; e <= 999; e++) {
            if (e % 100 == 11 || e == 555) continue;
            out[k++] = e;
        }
        return java.util.Arrays.copyOf(out, k);
    }

    private static String[] asciiAll(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) out[i] = ascii(names[i]);
        return out;
    }

    /** Lower-case ASCII for the email's local part ("Chloé O'Brien" -> "chloe", "obrien"). */
    private static String ascii(String s) {
        String d = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') b.append(c);
            else if (c >= 'A' && c <= 'Z') b.append((char) (c + 32));
        }
        return b.toString();
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** SplitMix64 finalizer. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
