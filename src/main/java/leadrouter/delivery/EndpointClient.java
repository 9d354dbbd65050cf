package leadrouter.delivery;

import leadrouter.delivery.Outcome.Accepted;
import leadrouter.delivery.Outcome.Duplicate;
import leadrouter.delivery.Outcome.Failed;
import leadrouter.delivery.Outcome.Rejected;
import leadrouter.delivery.Outcome.Retry;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes one delivery attempt: renders the endpoint's request for the context, sends it, reads the
 * answer. Never throws: transport problems and timeouts are {@link Retry}, a missing secret or a
 * request that cannot be built is {@link Failed}. The recorded requests, responses and reasons have
 * every credential and resolved secret value replaced by {@code ***}. Safe to share between threads.
 */
public final class EndpointClient {
    private final HttpClient http;
    private final Secrets secrets;
    private final Clock clock;

    public EndpointClient(HttpClient http, Secrets secrets) {
        this(http, secrets, Clock.systemUTC());
    }

    /** {@code clock} stamps {@code sentAt} and turns Retry-After dates into durations. */
    public EndpointClient(HttpClient http, Secrets secrets, Clock clock) {
        if (http == null || secrets == null || clock == null) throw new IllegalArgumentException("http, secrets and clock are required");
        this.http = http;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** An HttpClient suited to delivery: HTTP/1.1, no redirects (a 3xx is an answer), 10 s connect timeout. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public AttemptResult send(EndpointSpec spec, DeliveryContext ctx) {
        Instant sentAt = clock.instant();
        long start = System.nanoTime();
        Call call = new Call(http, new Render(ctx, secrets), spec.timeout(), clock);
        Outcome outcome;
        try {
            outcome = switch (spec) {
                case HttpEndpoint e -> HttpAdapter.send(e, call);
                case HubSpotEndpoint e -> HubSpotAdapter.send(e, call);
                case SalesforceEndpoint e -> SalesforceAdapter.send(e, call);
                case DynamicsEndpoint e -> DynamicsAdapter.send(e, call);
                case PipedriveEndpoint e -> PipedriveAdapter.send(e, call);
                case SlackEndpoint e -> SlackAdapter.send(e, call);
                case TwilioEndpoint e -> TwilioAdapter.send(e, call);
                case ResendEndpoint e -> ResendAdapter.send(e, call);
            };
        } catch (Call.TransportFailure e) {
            outcome = new Retry(e.getMessage(), null);
        } catch (MissingSecretException e) {
            outcome = new Failed(e.getMessage());
        } catch (IllegalArgumentException e) {
            outcome = new Failed("cannot build the request: " + e.getMessage());
        } catch (RuntimeException e) {
            // A defect must not take the worker down; a person looks at failed deliveries.
            outcome = new Failed("unexpected error: " + e);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        return new AttemptResult(redact(outcome, call), call.exchanges(), latency, sentAt, call.progress);
    }

    private static Outcome redact(Outcome o, Call call) {
        return switch (o) {
            case Accepted a -> a;
            case Rejected r -> new Rejected(call.redact(r.reason()));
            case Duplicate d -> new Duplicate(call.redact(d.reason()), d.existingId());
            case Retry r -> new Retry(call.redact(r.reason()), r.retryAfter());
            case Failed f -> new Failed(call.redact(f.reason()));
        };
    }
}
