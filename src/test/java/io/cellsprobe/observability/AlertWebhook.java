package io.cellsprobe.observability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** Alertmanager's webhook receiver: records every alert of every notification with its arrival time. */
final class AlertWebhook implements AutoCloseable {

    /** One alert as delivered in a notification; status is "firing" or "resolved". */
    record Delivered(Instant receivedAt, String status, JsonNode labels, JsonNode annotations) {
        String label(String name) {
            return labels.path(name).asText();
        }

        @Override
        public String toString() {
            return receivedAt + " " + status + " " + labels + " " + annotations;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();

    private AlertWebhook(HttpServer server) {
        this.server = server;
    }

    static AlertWebhook start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AlertWebhook webhook = new AlertWebhook(server);
        server.createContext("/alerts", exchange -> {
            Instant now = Instant.now();
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode notification = JSON.readTree(body);
                for (JsonNode alert : notification.path("alerts")) {
                    webhook.delivered.add(new Delivered(now, alert.path("status").asText(), alert.path("labels"), alert.path("annotations")));
                }
            } finally {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.start();
        return webhook;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    /** The first alert delivered at or after {@code since} that matches. */
    Optional<Delivered> first(Instant since, Predicate<Delivered> matching) {
        return delivered.stream().filter(a -> !a.receivedAt().isBefore(since)).filter(matching).findFirst();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
