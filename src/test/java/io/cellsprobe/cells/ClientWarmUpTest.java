package io.cellsprobe.cells;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cellsprobe.cells.ClientWarmUp.WarmedUp;
import io.cellsprobe.cells.LoopbackCertificate.KeyKind;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.TlsSettings;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;


class ClientWarmUpTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void warmUpSendsEveryRequestThroughTheProbeClientAndGetsItAnswered() throws Exception {
        WarmedUp done = await(new ClientWarmUp(vertx, new CellsClient(vertx), 101, 0).run());

        assertThat(done.overTls()).isZero();
        assertThat(done.plain()).isEqualTo(101);
    }

    @Test
    void warmUpRunsTlsHandshakesAgainstItsLoopbackServersBeforeThePlainRequests() throws Exception {
        // Answers from servers that speak only TLS: every one came over a handshake the client verified
        // (trust in the throw-away certificates, host name 127.0.0.1), or the request would have failed.
        WarmedUp done = await(new ClientWarmUp(vertx, new CellsClient(vertx), 6, 4).run());

        assertThat(done.overTls()).isEqualTo(4);
        assertThat(done.plain()).isEqualTo(6);
    }

    @Test
    void tlsWarmedUpCompletesOnceTheHttpsRequestsAreOver() throws Exception {
        ClientWarmUp warmUp = new ClientWarmUp(vertx, new CellsClient(vertx), 6, 4);
        assertThat(warmUp.tlsWarmedUp().isComplete()).as("before the warm-up ran").isFalse();

        Future<WarmedUp> done = warmUp.run();
        await(warmUp.tlsWarmedUp());

        assertThat(await(done).overTls()).as("every HTTPS request answered by then").isEqualTo(4);
    }

    @Test
    void tlsWarmedUpIsCompleteAtOnceWithoutHttpsRequests() {
        assertThat(new ClientWarmUp(vertx, new CellsClient(vertx), 6, 0).tlsWarmedUp().isComplete()).isTrue();
        assertThat(new ClientWarmUp(vertx, new CellsClient(vertx), 0, 4).tlsWarmedUp().isComplete())
                .as("no warm-up at all (warm-up-requests=0)").isTrue();
    }

    @Test
    void warmUpNeverTouchesAConfiguredTargetNorItsCertificateRecord() throws Exception {
        LoopbackCertificate certificate = LoopbackCertificate.create(KeyKind.EC, Duration.ofDays(30));
        AtomicInteger connections = new AtomicInteger();
        HttpServer cells = vertx.createHttpServer(certificate.serverOptions());
        cells.connectionHandler(connection -> connections.incrementAndGet());
        cells.requestHandler(request -> request.response().end("{}"));
        await(cells.listen());
        Target target = TestTargets.at("https://127.0.0.1:" + cells.actualPort())
                .tls(new TlsSettings(Optional.empty(), true)).build();
        CellsClient client = new CellsClient(vertx);
        await(client.send(target, HttpMethod.GET, URI.create("https://127.0.0.1:" + cells.actualPort() + "/a/user/x"),
                MultiMap.caseInsensitiveMultiMap(), null, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));
        assertThat(connections).hasValue(1);

        WarmedUp done = await(new ClientWarmUp(vertx, client, 10, 10).run());

        assertThat(done.overTls()).isEqualTo(10);
        assertThat(done.plain()).isEqualTo(10);
        assertThat(connections).as("connections to the target").hasValue(1);
        assertThat(client.certificateExpiry(target)).as("the target's recorded certificate expiry")
                .contains(certificate.certificate().getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void warmUpEndsWithTheClientsFailureInsteadOfThrowing() throws Exception {
        // A body cap below the loopback token answer: the first request fails as a probe would.
        Future<WarmedUp> done = new ClientWarmUp(vertx, new CellsClient(vertx, 64), 10, 2).run();

        Throwable failure = done.toCompletionStage().toCompletableFuture()
                .handle((answered, error) -> error).get(30, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(ResponseTooLargeException.class);
    }
}
