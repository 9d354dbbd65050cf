package leadrouter.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One Resilience4j circuit breaker per (buyer, endpoint index), configured from the endpoint's
 * {@link CircuitSettings}: a count-based window, failure-rate threshold, minimum calls, time open,
 * trial calls when half-open (re-opening if they are not all recorded within the open time), and
 * automatic transition from open to half-open. The clock is
 * injectable (Resilience4j reads it when deciding whether the open time is over), so tests need no
 * sleeps; {@link #isOpen} also consults it, so a buyer comes back even when no call asks.
 * <p>
 * Use: {@link #update} on every config load; before an attempt {@link #allows} (it takes a permit
 * while half-open); after it {@link #record} with the outcome, or {@link #release} when the attempt
 * was not made after all. Accepted, Rejected and Duplicate are successes (a buyer saying no is a
 * healthy endpoint); Retry and Failed are failures (unreachable, throttling, broken credentials).
 */
public final class EndpointCircuits {
    /** A circuit changed state; {@code from}/{@code to}: closed, open, half_open. */
    public record Transition(String buyer, int endpointIndex, String from, String to, Instant at) {
    }

    @FunctionalInterface
    public interface Listener {
        void onTransition(Transition t);
    }

    private record Key(String buyer, int index) {
    }

    private record Entry(CircuitSettings settings, CircuitBreaker breaker) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EndpointCircuits.class);
    private final Clock clock;
    private final Map<Key, Entry> circuits = new ConcurrentHashMap<>();
    private final Map<String, Integer> primary = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Key, Instant> openedAt = new ConcurrentHashMap<>();
    /** Circuits last reported open: the router asks {@link #isOpen} of their buyers only. */
    private final java.util.Set<Key> open = ConcurrentHashMap.newKeySet();

    public EndpointCircuits(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    public void addListener(Listener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    /**
     * Adopts a config's endpoints (buyer id to endpoints in order). A circuit whose settings did not
     * change keeps its state and window; changed or new ones start closed; removed ones are dropped.
     */
    public void update(Map<String, List<EndpointSpec>> endpoints) {
        circuits.keySet().removeIf(k -> {
            List<EndpointSpec> list = endpoints.get(k.buyer());
            return list == null || k.index() >= list.size();
        });
        openedAt.keySet().retainAll(circuits.keySet());
        open.retainAll(circuits.keySet());
        primary.keySet().retainAll(endpoints.keySet());
        endpoints.forEach((buyer, list) -> {
            primary.remove(buyer);
            for (int i = 0; i < list.size(); i++) {
                EndpointSpec spec = list.get(i);
                if (!spec.notification()) primary.putIfAbsent(buyer, i);
                Key key = new Key(buyer, i);
                Entry old = circuits.get(key);
                if (old == null || !old.settings().equals(spec.circuit())) {
                    circuits.put(key, new Entry(spec.circuit(), breaker(key, spec.circuit())));
                    openedAt.remove(key);
                    open.remove(key);
                }
            }
        });
    }

    private CircuitBreaker breaker(Key key, CircuitSettings s) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.window())
                .minimumNumberOfCalls(s.minimumCalls())
                .failureRateThreshold(s.failureRate())
                .waitDurationInOpenState(s.openFor())
                .permittedNumberOfCallsInHalfOpenState(s.halfOpenCalls())
                // A trial permit taken but never recorded (a worker died) must not strand the circuit half-open.
                .maxWaitDurationInHalfOpenState(s.openFor())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .clock(clock)
                .build();
        CircuitBreaker cb = CircuitBreaker.of(key.buyer() + "#" + key.index(), config);
        cb.getEventPublisher().onStateTransition(e -> {
            var t = e.getStateTransition();
            Transition tr = new Transition(key.buyer(), key.index(), name(t.getFromState()), name(t.getToState()), clock.instant());
            if (t.getToState() == CircuitBreaker.State.OPEN) {
                openedAt.put(key, tr.at());
                open.add(key);
            } else {
                open.remove(key);
            }
            for (Listener l : listeners) {
                try {
                    l.onTransition(tr);
                } catch (RuntimeException ex) {
                    // A failing listener (say, the audit writer) must not break the circuit itself.
                    LOG.warn("circuit transition listener failed for {}", tr, ex);
                }
            }
        });
        return cb;
    }

    private static String name(CircuitBreaker.State s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when an attempt may be made now; while half-open this takes one of the trial permits. Unknown endpoints are allowed. */
    public boolean allows(String buyer, int endpointIndex) {
        Entry e = circuits.get(new Key(buyer, endpointIndex));
        return e == null || e.breaker().tryAcquirePermission();
    }

    /** Gives back a permit from {@link #allows} when the attempt was not made. */
    public void release(String buyer, int endpointIndex) {
        Entry e = circuits.get(new Key(buyer, endpointIndex));
        if (e != null) e.breaker().releasePermission();
    }

    /** Records an attempt's outcome (see the class comment for what counts as a failure). */
    public void record(String buyer, int endpointIndex, Outcome outcome) {
        Entry e = circuits.get(new Key(buyer, endpointIndex));
        if (e == null) return;
        switch (outcome) {
            case Outcome.Accepted a -> e.breaker().onSuccess(0, TimeUnit.MILLISECONDS);
            case Outcome.Rejected r -> e.breaker().onSuccess(0, TimeUnit.MILLISECONDS);
            case Outcome.Duplicate d -> e.breaker().onSuccess(0, TimeUnit.MILLISECONDS);
            case Outcome.Retry r -> e.breaker().onError(0, TimeUnit.MILLISECONDS, new EndpointFailure(r.reason()));
            case Outcome.Failed f -> e.breaker().onError(0, TimeUnit.MILLISECONDS, new EndpointFailure(f.reason()));
        }
    }

    /**
     * True while the buyer's primary (first non-notification) endpoint's circuit is open and its open
     * time has not passed; once it has, the circuit moves to half-open so trial leads can go through.
     */
    public boolean isOpen(String buyer) {
        Integer idx = primary.get(buyer);
        return idx != null && isOpen(buyer, idx);
    }

    /**
     * The buyers with an endpoint whose circuit is open (or was, until {@link #isOpen} notices its
     * open time is over): every buyer {@link #isOpen(String)} may be true for. Usually empty.
     */
    public Collection<String> suspects() {
        if (open.isEmpty()) return List.of();
        List<String> buyers = new ArrayList<>();
        for (Key k : open) buyers.add(k.buyer());
        return buyers;
    }

    /** Same as {@link #isOpen(String)} for one endpoint. */
    public boolean isOpen(String buyer, int endpointIndex) {
        Entry e = circuits.get(new Key(buyer, endpointIndex));
        if (e == null || e.breaker().getState() != CircuitBreaker.State.OPEN) return false;
        Instant opened = openedAt.get(new Key(buyer, endpointIndex));
        if (opened != null && !clock.instant().isBefore(opened.plus(e.settings().openFor()))) {
            try {
                e.breaker().transitionToHalfOpenState();
            } catch (IllegalStateTransitionException raced) {
                // another thread moved it on already
            }
            return e.breaker().getState() == CircuitBreaker.State.OPEN;
        }
        return true;
    }

    /** closed, open or half_open; null for an unknown endpoint. */
    public String state(String buyer, int endpointIndex) {
        Entry e = circuits.get(new Key(buyer, endpointIndex));
        return e == null ? null : name(e.breaker().getState());
    }

    /** The recorded failure; its message is the attempt's reason. */
    static final class EndpointFailure extends RuntimeException {
        EndpointFailure(String message) {
            super(message, null, false, false);
        }
    }
}
