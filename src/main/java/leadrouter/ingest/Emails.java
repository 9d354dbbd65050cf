package leadrouter.ingest;

/**
 * A pragmatic email syntax check: what real mailboxes use, not all that RFC 5322 permits. Quoted
 * local parts, IP-literal domains and internationalized addresses (non-ASCII; a domain may still be
 * sent in its "xn--" form) are refused.
 */
final class Emails {
    static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL = 64;
    private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~-.";

    private Emails() {}

    /** Why the (lower-cased) address is unacceptable, or null if it is fine. */
    static String problem(String a) {
        if (a.length() > MAX_LENGTH) return "it is longer than " + MAX_LENGTH + " characters";
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c > 0x7E) return "internationalized (non-ASCII) addresses are not accepted";
            if (c <= ' ') return "it contains a space";
        }
        int at = a.indexOf('@');
        if (at < 0 || at != a.lastIndexOf('@')) return "it must contain exactly one @";
        String local = a.substring(0, at), domain = a.substring(at + 1);
        if (local.isEmpty()) return "there is nothing before the @";
        if (local.length() > MAX_LOCAL) return "the part before the @ is longer than " + MAX_LOCAL + " characters";
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!Character.isLetterOrDigit(c) && LOCAL_SPECIALS.indexOf(c) < 0) return "the part before the @ may not contain '" + c + "'";
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) return "the part before the @ has a misplaced dot";
        if (domain.isEmpty()) return "there is no domain after the @";
        if (!domain.contains(".")) return "the domain needs a dot (example.com)";
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) return "the domain has an empty part (two dots, or a dot at an end)";
            if (label.length() > 63) return "a domain part is longer than 63 characters";
            if (label.startsWith("-") || label.endsWith("-")) return "a domain part starts or ends with a hyphen";
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                    return "the domain may contain only letters, digits, hyphens and dots, not '" + c + "'";
                }
            }
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) return "the domain must end in a name, not a number";
        return null;
    }
}
