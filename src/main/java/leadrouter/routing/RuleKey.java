package leadrouter.routing;

/** Identifies a rule's rotation across config versions: campaign id and rule name. */
public record RuleKey(String campaign, String rule) {
}
