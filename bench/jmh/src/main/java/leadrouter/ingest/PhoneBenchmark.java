package leadrouter.ingest;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Normalization of one submitted phone (region US): {@code slow} is libphonenumber alone, {@code
 * fast} the field parser as shipped, with its NANP fast path. Cycles through 1,024 phones written
 * the way web forms send them (big-city area codes, valid exchanges), plus 4% that the fast path
 * leaves to libphonenumber (extensions, other countries, invalid numbers).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PhoneBenchmark {
    private static final int[] AREAS = {212, 310, 415, 512, 617, 702, 808, 305, 713, 214, 404, 602, 206, 303, 312, 646, 718, 818, 469, 720};

    private String[] phones;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(20260318L);
        phones = new String[1024];
        for (int i = 0; i < phones.length; i++) phones[i] = phone(r);
    }

    static String phone(SplittableRandom r) {
        int exchange;
        do exchange = 200 + r.nextInt(800); while (exchange % 100 == 11 || exchange == 555);
        String a = Integer.toString(AREAS[r.nextInt(AREAS.length)]), e = Integer.toString(exchange), l = "%04d".formatted(r.nextInt(10_000));
        int p = r.nextInt(100);
        if (p < 30) return "+1" + a + e + l;
        if (p < 50) return a + e + l;
        if (p < 68) return "(" + a + ") " + e + "-" + l;
        if (p < 82) return a + "-" + e + "-" + l;
        if (p < 87) return a + "." + e + "." + l;
        if (p < 91) return "1 " + a + " " + e + " " + l;
        if (p < 96) return "+1 (" + a + ") " + e + "-" + l;
        return switch (p) {
            case 96 -> a + "-" + e + "-" + l + " x12";
            case 97 -> "+44 20 7946 " + l;
            case 98 -> "(999) " + e + "-" + l;
            default -> "415-555-01";
        };
    }

    private String nextPhone() {
        String p = phones[next];
        next = (next + 1) & (phones.length - 1);
        return p;
    }

    @Benchmark
    public Parsed slow() {
        return FieldParsers.phoneSlow("phone", nextPhone(), "US");
    }

    @Benchmark
    public Parsed fast() {
        return FieldParsers.phone("phone", nextPhone(), "US");
    }
}
