package leadrouter.delivery;

import java.util.List;

/** HTTP statuses a rule accepts: exact codes such as {@code 200} and classes such as {@code 2xx}. */
public record StatusSet(List<String> items) {
    public static final StatusSet SUCCESS = new StatusSet(List.of("2xx"));

    public StatusSet {
        items = List.copyOf(items);
        if (items.isEmpty()) throw new IllegalArgumentException("status list is empty");
        for (String s : items)
            if (!s.matches("[1-5](xx|\\d\\d)"))
                throw new IllegalArgumentException("bad status '" + s + "' (a code such as 200, or a class such as 2xx)");
    }

    public boolean matches(int status) {
        String code = Integer.toString(status);
        for (String s : items) {
            if (s.endsWith("xx") ? code.length() == 3 && code.charAt(0) == s.charAt(0) : s.equals(code)) return true;
        }
        return false;
    }
}
