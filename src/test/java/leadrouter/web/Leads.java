package leadrouter.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Lead bodies for HTTP tests, each with a distinct valid US phone and email. */
final class Leads {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Leads() {
    }

    static String phone(int n) {
        // 415-2xx-xxxx: a valid San Francisco number for any n below 10^6.
        return String.format("(415) %03d-%04d", 200 + (n / 10_000) % 800, n % 10_000);
    }

    static Map<String, Object> solar(String state, Object bill) {
        int n = SEQ.incrementAndGet();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("first_name", "Ana" + n);
        f.put("last_name", "Lima");
        f.put("phone", phone(n));
        f.put("email", "ana" + n + "@example.com");
        f.put("state", state);
        f.put("zip", "94107");
        if (bill != null) f.put("monthly_bill", bill);
        return body("solar", f);
    }

    static Map<String, Object> body(String campaign, Map<String, Object> fields) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("campaign", campaign);
        b.put("fields", fields);
        return b;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(Map<String, Object> body) {
        return (Map<String, Object>) body.get("fields");
    }
}
