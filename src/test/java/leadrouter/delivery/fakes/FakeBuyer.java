package leadrouter.delivery.fakes;

import java.util.function.Function;

/**
 * A generic ping/post buyer: any method and path, answered by a configurable responder (JSON, XML
 * or plain text accept/reject/duplicate answers, slow answers, 5xx). A request counts as a
 * delivery when the answer is 2xx and {@link #countsAsDelivery} says so (by default: always).
 */
public final class FakeBuyer extends FakeServer {
    private volatile Function<Received, Reply> responder;
    public volatile Function<Reply, Boolean> countsAsDelivery = reply -> true;

    public FakeBuyer(Function<Received, Reply> responder) {
        this.responder = responder;
    }

    public FakeBuyer(Reply fixed) {
        this(r -> fixed);
    }

    public void respondWith(Function<Received, Reply> responder) {
        this.responder = responder;
    }

    public void respondWith(Reply fixed) {
        respondWith(r -> fixed);
    }

    @Override
    protected Reply respond(Received r) {
        Reply reply = responder.apply(r);
        if (reply.status() / 100 == 2 && countsAsDelivery.apply(reply)) delivered(r);
        return reply;
    }
}
