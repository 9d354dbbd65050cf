package leadrouter.ingest;

/** What became of one submitted value: a normalized value, nothing (absent or blank), or a problem. */
sealed interface Parsed permits Parsed.Ok, Parsed.Absent, Parsed.Bad {
    Absent ABSENT = new Absent();

    record Ok(Object value) implements Parsed {}

    record Absent() implements Parsed {}

    record Bad(String code, String message) implements Parsed {}

    static Bad bad(String code, String message) {
        return new Bad(code, message);
    }
}
