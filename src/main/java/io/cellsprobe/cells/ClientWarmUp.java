package io.cellsprobe.cells;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cellsprobe.cells.LoopbackCertificate.KeyKind;
import io.cellsprobe.config.CellsProbeConfig;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.config.Secret;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * At start-up, sends requests through the probe's own HTTP client to servers on the loopback
 * interface inside this process, so the JIT compiles the client's code before it times real probes:
 * first, when a target speaks TLS, a few HTTPS requests (each a full TLS handshake, with a throw-away
 * certificate), then the plain HTTP requests.
 *
 * <p>Why: a probe's step time includes the client's own work (connect, handshake, encode, decode).
 * Until the JVM has compiled that code it runs several times slower, and a monitor probing a few
 * targets every 30 s would take hours to get there. Measured on loopback (bench/README.md), a token
 * request took 3.2 ms after 300 requests and 1.7 ms after 5,000; over HTTPS the first probes took
 * about 40 ms against curl's 12 until JSSE's handshake code was compiled. The requests run one at a
 * time, beside the first probes (they delay nothing), and never leave the process: the HTTPS client
 * is the warm-up's own, so no target's trust or certificate record is touched.
 */
@ApplicationScoped
public class ClientWarmUp {

    private static final Logger LOG = Logger.getLogger(ClientWarmUp.class);

    /**
     * HTTPS requests of the warm-up, half against an RSA and half against an EC certificate (public
     * servers present either; the client checks each with other code). Measured, not tuned, by
     * bench/accuracy.sh --https (bench/README.md, section 1b).
     */
    static final int TLS_REQUESTS = 200;
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(1);
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
    private final int tlsRequests;
    private final List<Target> targets;
    private final Promise<Void> tlsWarmedUp = Promise.promise();

    @Inject
    public ClientWarmUp(Vertx vertx, CellsClient client, CellsProbeConfig config, Targets targets) {
        // No handshake code to compile when no target speaks TLS (the dev simulator, plain-HTTP Cells).
        this(vertx, client, config.warmUpRequests(), targets.all().stream().anyMatch(Target::usesTls)
                ? Math.min(config.warmUpRequests(), TLS_REQUESTS) : 0, targets.all());
    }

    /** {@code requests} 0: no warm-up (cells-probe.warm-up-requests=0), as tests of other packages want. */
    public ClientWarmUp(Vertx vertx, CellsClient client, int requests, int tlsRequests) {
        this(vertx, client, requests, tlsRequests, List.of());
    }

    private ClientWarmUp(Vertx vertx, CellsClient client, int requests, int tlsRequests, List<Target> targets) {
        this.vertx = vertx;
        this.client = client;
        this.targets = targets;
        this.requests = requests;
        this.tlsRequests = requests > 0 ? tlsRequests : 0;
        if (this.tlsRequests <= 0) {
            tlsWarmedUp.complete();
        }
    }

    /**
     * Completes once the HTTPS requests are over, whatever their outcome; at once when there are none.
     * Until then a TLS handshake of the client runs several times slower (bench/README.md, section 1b).
     */
    public Future<Void> tlsWarmedUp() {
        return tlsWarmedUp.future();
    }

    /**
     * What the loopback servers answered: over TLS (each on a new connection, a full handshake) and
     * plain; and how long the TLS part took, key generation included.
     */
    record WarmedUp(int overTls, long tlsMillis, int plain) {
    }

    void start(@Observes StartupEvent event) {
        // Each TLS target's own client before its first probe, off the main thread and the event loops.
        vertx.executeBlocking(() -> {
            targets.forEach(client::prepare);
            return null;
        });
        if (requests <= 0) {
            return;
        }
        long started = System.nanoTime();
        run().onComplete(done -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (done.succeeded()) {
                LOG.infof("HTTP client warmed up: %d HTTPS loopback requests in %d ms, then %d HTTP, %d ms in all "
                        + "(cells-probe.warm-up-requests)", done.result().overTls(), done.result().tlsMillis(),
                        done.result().plain(), millis);
            } else {
                LOG.infof("HTTP client warm-up stopped after %d ms: %s (probe timings are a little higher until "
                        + "the JVM has compiled the client)", millis, done.cause().toString());
            }
        });
    }

    /** @return what the loopback servers answered, once all requests have been */
    Future<WarmedUp> run() {
        long started = System.nanoTime();
        return overTls().onComplete(done -> tlsWarmedUp.tryComplete()).compose(overTls -> {
            long tlsMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return plain().map(plain -> new WarmedUp(overTls, tlsMillis, plain));
        });
    }

    private Future<Integer> plain() {
        return withServers(List.of(new HttpServerOptions().setHost("127.0.0.1").setPort(0)),
                bases -> sendAll(requests, null, bases));
    }

    private Future<Integer> overTls() {
        if (tlsRequests <= 0) {
            return Future.succeededFuture(0);
        }
        // Key generation takes a few hundred milliseconds of one core: not on an event loop.
        return vertx.executeBlocking(() -> List.of(LoopbackCertificate.create(KeyKind.RSA, CERTIFICATE_VALIDITY),
                LoopbackCertificate.create(KeyKind.EC, CERTIFICATE_VALIDITY))).compose(certificates -> {
                    KeyStore anchors;
                    List<HttpServerOptions> servers = new ArrayList<>();
                    try {
                        anchors = KeyStore.getInstance("PKCS12");
                        anchors.load(null, null);
                        for (LoopbackCertificate certificate : certificates) {
                            anchors.setCertificateEntry("loopback-" + servers.size(), certificate.certificate());
                            servers.add(certificate.serverOptions());
                        }
                    } catch (GeneralSecurityException | IOException e) {
                        return Future.failedFuture(e);
                    }
                    return withServers(servers, bases -> {
                        HttpClient https;
                        try {
                            https = client.newTlsClient(TargetTrust.trusting(anchors), true);
                        } catch (GeneralSecurityException e) {
                            return Future.failedFuture(e);
                        }
                        return sendAll(tlsRequests, https, bases).eventually(() -> https.close());
                    });
                });
    }

    /**
     * Starts one loopback server per options, runs the requests against them and closes them.
     *
     * @return the requests the servers answered over TLS (if they speak it) or plain
     */
    private Future<Integer> withServers(List<HttpServerOptions> options, Function<List<URI>, Future<Integer>> requests) {
        List<HttpServer> servers = new ArrayList<>();
        List<Future<HttpServer>> listening = new ArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        for (HttpServerOptions serverOptions : options) {
            HttpServer server = vertx.createHttpServer(serverOptions);
            server.requestHandler(request -> request.body().onComplete(read -> {
                answered.incrementAndGet();
                request.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(request.method() == HttpMethod.POST ? TOKEN_ANSWER : USER_ANSWER);
            }));
            servers.add(server);
            listening.add(server.listen());
        }
        return Future.all(listening)
                .compose(all -> requests.apply(IntStream.range(0, servers.size())
                        .mapToObj(i -> URI.create((options.get(i).isSsl() ? "https" : "http") + "://127.0.0.1:"
                                + servers.get(i).actualPort()))
                        .toList()))
                .map(sent -> answered.get())
                .eventually(() -> Future.join(servers.stream().map(HttpServer::close).toList()));
    }

    /** {@code total} requests, one after the other, alternating the servers and a probe's two shapes. */
    private Future<Integer> sendAll(int total, HttpClient https, List<URI> bases) {
        Promise<Integer> done = Promise.promise();
        send(0, total, https, bases, done);
        return done.future();
    }

    /** Each request starts from the previous one's callback, so the stack stays flat. */
    private void send(int answered, int total, HttpClient https, List<URI> bases, Promise<Integer> done) {
        if (answered == total) {
            done.complete(answered);
            return;
        }
        long deadline = System.nanoTime() + REQUEST_TIMEOUT_NANOS;
        URI base = bases.get(answered / 2 % bases.size());
        // Alternate the two shapes of a probe: a form POST (token) and a GET (user).
        Future<CellsResponse> exchange = answered % 2 == 0
                ? client.sendWarmUp(https, HttpMethod.POST, base.resolve("/auth/dex/token"),
                        CellsRequests.tokenHeaders(WARM_UP_BASIC), Buffer.buffer(FORM), deadline)
                : client.sendWarmUp(https, HttpMethod.GET, base.resolve("/a/user/warm-up"),
                        CellsRequests.bearerHeaders(WARM_UP_BEARER), null, deadline);
        exchange.onComplete(answer -> {
            if (answer.failed()) {
                done.fail(answer.cause());
            } else if (answer.result().status() != 200) {
                done.fail(new IllegalStateException("loopback answered HTTP " + answer.result().status()));
            } else {
                send(answered + 1, total, https, bases, done);
            }
        });
    }
}
