package io.cellsprobe.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The dev simulator's Cells v1 on a loopback port, for tests that run the real scheduler against a
 * server that behaves like Cells over time: real lockout counting, real token expiry, faults switched
 * while the monitor runs. Counts the password logins it receives.
 */
public final class SimulatedCellsServer implements AutoCloseable {

    public static final String API_KEY = "cells-front";
    public static final String API_SECRET = "Sim-Secret+Qx7%41:never-shown";
    public static final String USERNAME = "monitor";
    public static final String PASSWORD = "Sim-Passw0rd+Kf3%25:never-shown";

    private final Vertx vertx;
    private final HttpServer server;
    private final AtomicInteger passwordLogins = new AtomicInteger();
    private final AtomicInteger refusedLogins = new AtomicInteger();
    private volatile SimulatedCells cells;

    private SimulatedCellsServer(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    public static SimulatedCellsServer start(Vertx vertx) {
        SimulatedCellsServer started = new SimulatedCellsServer(vertx);
        started.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        started.cells = new SimulatedCells(Clock.systemUTC(), started.url(), API_KEY, API_SECRET, USERNAME, PASSWORD);
        return started;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public SimulatedCells cells() {
        return cells;
    }

    /** Password grants received, whatever their answer. */
    public int passwordLogins() {
        return passwordLogins.get();
    }

    /** Password grants answered with anything but 200. */
    public int refusedLogins() {
        return refusedLogins.get();
    }

    /** Wrong passwords in a row as the simulated Cells counts them toward blocking the account. */
    public int consecutiveWrongPasswords() {
        return Simulator.json(cells.faults()).get("consecutiveWrongPasswords").asInt();
    }

    public boolean accountBlocked() {
        return Simulator.json(cells.faults()).get("accountBlocked").asBoolean();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (request.method() == HttpMethod.POST && path.equals("/auth/dex/token")) {
            request.body().onSuccess(body -> {
                Map<String, String> form = form(body.toString(StandardCharsets.UTF_8));
                SimulatedAnswer answer = cells.token(authorization, form);
                if ("password".equals(form.get("grant_type"))) {
                    passwordLogins.incrementAndGet();
                    if (answer.status() != 200) {
                        refusedLogins.incrementAndGet();
                    }
                }
                send(request, answer);
            });
        } else if (request.method() == HttpMethod.GET && path.startsWith("/a/user/")) {
            send(request, cells.user(authorization, URLDecoder.decode(path.substring("/a/user/".length()),
                    StandardCharsets.UTF_8)));
        } else if (request.method() == HttpMethod.GET && path.equals("/a/frontend/bootconf")) {
            send(request, cells.bootconf());
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void send(HttpServerRequest request, SimulatedAnswer answer) {
        if (!answer.delay().isZero()) {
            vertx.setTimer(answer.delay().toMillis(), ignored -> send(request, answer.delayedBy(Duration.ZERO)));
            return;
        }
        request.response().setStatusCode(answer.status()).putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
                .end(answer.body());
    }

    /** Go's PostFormValue: the first value of each field. */
    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (!parts[0].isEmpty()) {
                fields.putIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
