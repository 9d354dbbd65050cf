package leadrouter.routing;

/** What a buyer has used of one cap window: leads counted and money spent (cents). */
public record CapUsage(long leads, long cents) {
    public static final CapUsage ZERO = new CapUsage(0, 0);

    public CapUsage plus(long leads, long cents) {
        return new CapUsage(this.leads + leads, this.cents + cents);
    }
}
