package io.cellsprobe.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link CellsV1Server} for {@link Account#MONITOR} for a {@code @QuarkusTest} (injected into
 * its {@code CellsV1Server} field) and configures the target {@code acc} against it with a 1 s interval; logs of ours go at DEBUG to a file the tests search for secrets.
 */
public class CellsLikeServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String LOG_FILE = "target/quarkus-test-probe.log";

    private CellsV1Server server;

    @Override
    public Map<String, String> start() {
        server = CellsV1Server.healthy(Account.MONITOR);
        return Map.ofEntries(
                Map.entry("cells-probe.targets.acc.url", server.url()),
                Map.entry("cells-probe.targets.acc.api-key", Account.MONITOR.apiKey()),
                Map.entry("cells-probe.targets.acc.api-secret", Account.MONITOR.apiSecret()),
                Map.entry("cells-probe.targets.acc.username", Account.MONITOR.username()),
                Map.entry("cells-probe.targets.acc.password", Account.MONITOR.password()),
                Map.entry("cells-probe.targets.acc.interval", "1s"),
                Map.entry("cells-probe.targets.acc.timeout", "800ms"),
                Map.entry("cells-probe.targets.acc.failure-threshold", "2"),
                Map.entry("quarkus.log.category.\"io.cellsprobe\".level", "DEBUG"),
                Map.entry("quarkus.log.console.level", "INFO"),
                Map.entry("quarkus.log.file.enabled", "true"),
                Map.entry("quarkus.log.file.path", LOG_FILE),
                Map.entry("quarkus.management.test-port", managementPort()));
    }

    /**
     * Heals the server and waits for a passing probe: the application (and the target's refused-login
     * count, cleared only by a success) is shared by every test class, so each starts from a clean target.
     */
    public static void healAndAwaitSuccess(CellsV1Server cells) {
        cells.heal();
        URL metrics = management("/q/metrics");
        await("a passing probe after healing").atMost(Duration.ofSeconds(20))
                .until(() -> Scrapes.value(metrics, "cells_probe_success", "target=\"acc\"") == 1.0);
    }

    /**
     * One free port per test JVM, kept in a system property because this resource is loaded again
     * by each test class's class loader while the application keeps running. Port 0 would not do:
     * the test framework cannot tell where the management interface ended up (its injected URLs
     * read only application.properties), and 9001 may be taken on these machines.
     */
    /** A URL on the management interface of the application under test, e.g. {@code /q/metrics}. */
    public static URL management(String path) {
        try {
            return URI.create("http://localhost:" + managementPort() + path).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    private static String managementPort() {
        synchronized (System.class) {
            return System.getProperties().computeIfAbsent("cells-probe.test.management-port",
                    key -> String.valueOf(freePort())).toString();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(CellsV1Server.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
