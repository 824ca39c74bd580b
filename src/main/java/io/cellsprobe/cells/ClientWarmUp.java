package io.cellsprobe.cells;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cellsprobe.config.CellsProbeConfig;
import io.cellsprobe.config.Secret;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * At start-up, sends requests through the probe's own HTTP client to a server on the loopback
 * interface inside this process, so the JIT compiles the client's code before it times real probes.
 *
 * <p>Why: a probe's step time includes the client's own work (connect, encode, decode). Until the
 * JVM has compiled that code it runs several times slower, and a monitor probing a few targets every
 * 30 s would take hours to get there. Measured on loopback (bench/README.md), a token request took
 * 3.2 ms after 300 requests and 1.7 ms after 5,000. The requests run one at a time, beside the first
 * probes (they delay nothing), and never leave the machine.
 */
@ApplicationScoped
public class ClientWarmUp {

    private static final Logger LOG = Logger.getLogger(ClientWarmUp.class);

    private static final long REQUEST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** {@code warm-up:warm-up}: the loopback server checks nothing, the headers only take a probe's shape. */
    private static final Secret WARM_UP_BASIC = Secret.of("d2FybS11cDp3YXJtLXVw");
    private static final Secret WARM_UP_BEARER = Secret.of("warm-up");
    private static final String FORM = "grant_type=password&username=warm-up&password=warm-up"
            + "&scope=email+profile+pydio&nonce=warm-up";
    /** About the size of a Cells token answer, so the body is read in the same number of chunks. */
    private static final Buffer TOKEN_ANSWER = Buffer.buffer("{\"access_token\":\"" + "a".repeat(40)
            + "\",\"token_type\":\"bearer\",\"expires_in\":599,\"refresh_token\":\"" + "r".repeat(40)
            + "\",\"id_token\":\"" + "i".repeat(900) + "\"}");
    private static final Buffer USER_ANSWER = Buffer.buffer("{\"Login\":\"warm-up\",\"Uuid\":\"" + "u".repeat(36)
            + "\",\"GroupPath\":\"/\",\"Attributes\":{}}");

    private final Vertx vertx;
    private final CellsClient client;
    private final int requests;

    @Inject
    public ClientWarmUp(Vertx vertx, CellsClient client, CellsProbeConfig config) {
        this(vertx, client, config.warmUpRequests());
    }

    ClientWarmUp(Vertx vertx, CellsClient client, int requests) {
        this.vertx = vertx;
        this.client = client;
        this.requests = requests;
    }

    void start(@Observes StartupEvent event) {
        if (requests <= 0) {
            return;
        }
        long started = System.nanoTime();
        run().onComplete(done -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (done.succeeded()) {
                LOG.infof("HTTP client warmed up: %d loopback requests in %d ms (cells-probe.warm-up-requests)",
                        done.result(), millis);
            } else {
                LOG.infof("HTTP client warm-up stopped after %d ms: %s (probe timings are a little higher until "
                        + "the JVM has compiled the client)", millis, done.cause().toString());
            }
        });
    }

    /** @return the number of requests answered, once all have been */
    Future<Integer> run() {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        server.requestHandler(request -> request.body().onComplete(read -> request.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(request.method() == HttpMethod.POST ? TOKEN_ANSWER : USER_ANSWER)));
        Promise<Integer> done = Promise.promise();
        server.listen().onComplete(listening -> {
            if (listening.failed()) {
                done.fail(listening.cause());
                return;
            }
            URI base = URI.create("http://127.0.0.1:" + listening.result().actualPort());
            send(0, base, done);
        });
        return done.future().eventually(() -> server.close());
    }

    /** One request after the other: each starts from the previous one's callback, so the stack stays flat. */
    private void send(int answered, URI base, Promise<Integer> done) {
        if (answered == requests) {
            done.complete(answered);
            return;
        }
        long deadline = System.nanoTime() + REQUEST_TIMEOUT_NANOS;
        // Alternate the two shapes of a probe: a form POST (token) and a GET (user).
        Future<CellsResponse> exchange = answered % 2 == 0
                ? client.sendPlain(HttpMethod.POST, base.resolve("/auth/dex/token"),
                        CellsRequests.tokenHeaders(WARM_UP_BASIC), Buffer.buffer(FORM), deadline)
                : client.sendPlain(HttpMethod.GET, base.resolve("/a/user/warm-up"),
                        CellsRequests.bearerHeaders(WARM_UP_BEARER), null, deadline);
        exchange.onComplete(answer -> {
            if (answer.failed()) {
                done.fail(answer.cause());
            } else if (answer.result().status() != 200) {
                done.fail(new IllegalStateException("loopback answered HTTP " + answer.result().status()));
            } else {
                send(answered + 1, base, done);
            }
        });
    }
}
