package io.cellsprobe.cells;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cellsprobe.cells.LoopbackCertificate.KeyKind;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;

/**
 * JSSE resumes TLS sessions by default, and a resumed handshake checks no certificate: a server whose
 * certificate expired or was replaced would keep passing. The server here (JSSE, TLS 1.3) hands out
 * session tickets, so a client that kept them would resume.
 */
class TlsSessionResumptionTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void noRequestResumesAnEarlierTlsSession() throws Exception {
        LoopbackCertificate certificate = LoopbackCertificate.create(KeyKind.EC, Duration.ofDays(1));
        HttpServer server = vertx.createHttpServer(certificate.serverOptions());
        server.requestHandler(request -> request.response().end("{}"));
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        CountingTrust counting = new CountingTrust();
        CellsClient client = new CellsClient(vertx);
        HttpClient https = client.newTlsClient(new CertificateRecordingTrustManager(counting), true);
        URI uri = URI.create("https://127.0.0.1:" + server.actualPort() + "/a/user/x");

        for (int i = 0; i < 3; i++) {
            CellsResponse answer = client.sendWarmUp(https, HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap(),
                    null, System.nanoTime() + TimeUnit.SECONDS.toNanos(5))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
        }

        assertThat(counting.serverChecks).as("server certificate checks, one per full handshake").hasValue(3);
    }

    /** Trusts everything and counts how often the client checked a server's chain (JSSE: the engine variant). */
    private static final class CountingTrust extends TrustAllTrustManager {

        final AtomicInteger serverChecks = new AtomicInteger();

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            serverChecks.incrementAndGet();
        }
    }
}
