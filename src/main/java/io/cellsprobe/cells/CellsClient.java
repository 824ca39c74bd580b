package io.cellsprobe.cells;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.net.ssl.SSLSession;

import io.cellsprobe.config.CellsProbeConfig;
import io.cellsprobe.config.Target;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;

/**
 * Sends one HTTP request to a Cells server, non-blocking, on Vert.x's HTTP client (the one the
 * Quarkus REST Client is built on). It is used directly because a probe needs what the REST Client
 * hides: a hard deadline that resets the request, a capped body read, and no redirect following.
 *
 * <p>Every request opens a new connection (no keep-alive): each probe pays DNS, TCP and TLS like a
 * user's first login does, so a broken certificate or resolver shows up on the next probe instead
 * of hiding behind a pooled connection.
 */
@ApplicationScoped
public class CellsClient {

    /** Answers from the token and user endpoints are a few kilobytes; anything far larger is wrong. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private static final String USER_AGENT = "cells-auth-probe";

    private final Vertx vertx;
    private final HttpClient http;
    private final long maxBodyBytes;
    /** HTTPS targets each get their own client: their own trust, and their own certificate record. */
    private final Map<String, TlsClient> tlsClients = new ConcurrentHashMap<>();

    @Inject
    public CellsClient(Vertx vertx, CellsProbeConfig config) {
        this(vertx, config.maxBodySize().asLongValue());
    }

    public CellsClient(Vertx vertx) {
        this(vertx, DEFAULT_MAX_BODY_BYTES);
    }

    public CellsClient(Vertx vertx, long maxBodyBytes) {
        this.vertx = vertx;
        this.maxBodyBytes = maxBodyBytes;
        this.http = vertx.createHttpClient(options());
    }

    private static HttpClientOptions options() {
        return new HttpClientOptions()
                .setKeepAlive(false)
                .setVerifyHost(true)
                // Probes of many targets may share one host; never let them queue behind each other.
                .setMaxPoolSize(4096);
    }

    @PreDestroy
    void close() {
        http.close();
        tlsClients.values().forEach(client -> client.http().close());
    }

    /** The earliest expiry in the certificate chain the target's server presented last, if HTTPS. */
    public Optional<Instant> certificateExpiry(Target target) {
        TlsClient client = tlsClients.get(target.name());
        return client == null ? Optional.empty() : client.trust().earliestExpiry();
    }

    /**
     * Makes the target's HTTPS client now, if it speaks TLS: reading its CA file and setting up its
     * TLS context took 200 to 600 ms of the first probe's token step, timed as if Cells were slow.
     */
    public void prepare(Target target) {
        if (target.usesTls()) {
            try {
                tlsClientFor(target);
            } catch (IllegalStateException unreadableCaFile) {
                // Not kept: the target's first probe meets it again and reports it, classified.
            }
        }
    }

    private HttpClient clientFor(Target target, URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) ? tlsClientFor(target) : http;
    }

    private HttpClient tlsClientFor(Target target) {
        return tlsClients.computeIfAbsent(target.name(), name -> {
            CertificateRecordingTrustManager trust = TargetTrust.recording(target.tls());
            return new TlsClient(newTlsClient(trust, !target.tls().insecure()), trust);
        }).http();
    }

    /** An HTTPS client as a target gets one; {@link ClientWarmUp} makes its own with its loopback trust. */
    HttpClient newTlsClient(CertificateRecordingTrustManager trust, boolean verifyHost) {
        return vertx.createHttpClient(options().setTrustOptions(TrustOptions.wrap(trust)).setVerifyHost(verifyHost));
    }

    private record TlsClient(HttpClient http, CertificateRecordingTrustManager trust) {
    }

    /**
     * @param deadlineNanos {@link System#nanoTime()} by which the whole exchange must be done; past
     *        it the request is reset and the future fails with {@link ProbeDeadlineExceededException}
     */
    public Future<CellsResponse> send(Target target, HttpMethod method, URI uri, MultiMap headers, Buffer body,
            long deadlineNanos) {
        return exchange(clientFor(target, uri), method, uri, headers, body, deadlineNanos);
    }

    /**
     * The same exchange for {@link ClientWarmUp}'s loopback requests: on the given HTTPS client, or
     * on the plain HTTP client when it is null.
     */
    Future<CellsResponse> sendWarmUp(HttpClient tlsClient, HttpMethod method, URI uri, MultiMap headers, Buffer body,
            long deadlineNanos) {
        return exchange(tlsClient == null ? http : tlsClient, method, uri, headers, body, deadlineNanos);
    }

    private Future<CellsResponse> exchange(HttpClient client, HttpMethod method, URI uri, MultiMap headers,
            Buffer body, long deadlineNanos) {
        long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        Promise<CellsResponse> answer = Promise.promise();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        long deadlineTimer = vertx.setTimer(remainingMillis, id -> {
            if (answer.tryFail(new ProbeDeadlineExceededException())) {
                resetQuietly(inFlight.get());
            }
        });
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(uri.toString())
                .setHeaders(headers.add(HttpHeaders.USER_AGENT, USER_AGENT))
                .setConnectTimeout(remainingMillis)
                .setFollowRedirects(false);
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                answer.tryFail(opened.cause());
                return;
            }
            HttpClientRequest request = opened.result();
            inFlight.set(request);
            // Also when the deadline passed while the connection was opening: its session is cached by now.
            answer.future().onComplete(done -> forgetTlsSession(request));
            if (answer.future().isComplete()) {
                resetQuietly(request);
                return;
            }
            Future<HttpClientResponse> sent = body == null ? request.send() : request.send(body);
            sent.onSuccess(response -> readCapped(response, answer)).onFailure(answer::tryFail);
        });
        return answer.future().onComplete(done -> vertx.cancelTimer(deadlineTimer));
    }

    /**
     * Keeps the next connection from resuming this one's TLS session. JSSE resumes by default (TLS
     * 1.3 session tickets, cached per host and port for up to 24 h), and a resumed handshake checks
     * no certificate: a server that starts presenting an expired, replaced or untrusted certificate
     * would pass every probe until the cached session ran out. Each probe instead pays and checks a
     * full handshake, as a user's new browser does.
     */
    private static void forgetTlsSession(HttpClientRequest request) {
        SSLSession session = request.connection().sslSession();
        if (session != null) {
            session.invalidate();
        }
    }

    private void readCapped(HttpClientResponse response, Promise<CellsResponse> answer) {
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > maxBodyBytes) {
                if (answer.tryFail(new ResponseTooLargeException(maxBodyBytes))) {
                    resetQuietly(response.request());
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(end -> answer.tryComplete(new CellsResponse(response.statusCode(),
                response.getHeader(HttpHeaders.CONTENT_TYPE), body, response.getHeader("Retry-After"))));
    }

    private static void resetQuietly(HttpClientRequest request) {
        if (request != null) {
            request.reset();
        }
    }
}
