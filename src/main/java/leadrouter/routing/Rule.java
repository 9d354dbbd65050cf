package leadrouter.routing;

/** One step of a campaign: when {@code when} holds (null: always), distribute to the pool. */
public record Rule(String name, Condition when, Distribution distribute) {
    public Rule {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("rule name is required");
        if (distribute == null) throw new IllegalArgumentException("rule '" + name + "' needs distribute");
    }
}
