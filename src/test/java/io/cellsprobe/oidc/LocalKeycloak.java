package io.cellsprobe.oidc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The Keycloak that {@code .ci/keycloak.sh start} runs in the background on 127.0.0.1, described by
 * the facts it writes to {@code target/keycloak/keycloak.properties}. The script only starts it (so
 * CI overlaps Keycloak's start-up with the build); waiting for it is done here.
 */
final class LocalKeycloak {

    static final String START_HINT = "run .ci/keycloak.sh start first";

    private static boolean skipAnnounced;

    final String baseUrl;
    final String issuer;
    final String realm;
    final String clientId;
    final String clientSecret;
    final String username;
    final String password;
    final String adminUsername;
    final String adminPassword;
    final long pid;
    private final Path log;
    private final Path projectDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalKeycloak(Properties facts, Path projectDir) {
        this.baseUrl = required(facts, "base-url");
        this.issuer = required(facts, "issuer");
        this.realm = required(facts, "realm");
        this.clientId = required(facts, "client-id");
        this.clientSecret = required(facts, "client-secret");
        this.username = required(facts, "username");
        this.password = required(facts, "password");
        this.adminUsername = required(facts, "admin-username");
        this.adminPassword = required(facts, "admin-password");
        this.pid = Long.parseLong(required(facts, "pid"));
        this.log = Path.of(required(facts, "log"));
        this.projectDir = projectDir;
    }

    /**
     * The started Keycloak; without one the calling test fails on CI (CI=true: Keycloak is part of
     * the build there) and is skipped elsewhere with the command that starts it.
     */
    static LocalKeycloak startedOrSkip() {
        Path projectDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path facts = projectDir.resolve("target/keycloak/keycloak.properties");
        if (!Files.isRegularFile(facts)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("No " + facts + " on CI: .ci/run must start Keycloak before the build (" + START_HINT + ")");
            }
            String reason = "No Keycloak for the oidc-password tests: " + START_HINT;
            if (!skipAnnounced) {
                // Failsafe keeps a skip's reason in its XML report only; say it once where people look.
                System.out.println("[keycloak-it] KeycloakOidcIT skipped: " + reason);
                skipAnnounced = true;
            }
            Assumptions.assumeTrue(false, reason);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(facts, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LocalKeycloak(properties, projectDir);
    }

    /**
     * Waits until the master realm's discovery document answers (HTTP server and database up). A
     * first start takes 1.5 to 2.5 minutes on a busy 2-core machine; a Keycloak that died fails at
     * once with the end of its log rather than after the whole wait.
     */
    LocalKeycloak awaitReady(Duration atMost) {
        URI discovery = URI.create(baseUrl + "/realms/master/.well-known/openid-configuration");
        await("Keycloak at " + baseUrl + " ready").atMost(atMost).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .failFast("Keycloak (pid " + pid + ") is not running; end of " + log + ":\n" + logTail(40),
                        () -> !isRunning())
                .until(() -> http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return this;
    }

    boolean isRunning() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops Keycloak the way CI does, by its pid (and process group), through the script. */
    void stop() throws IOException, InterruptedException {
        Process stop = new ProcessBuilder(List.of(projectDir.resolve(".ci/keycloak.sh").toString(), "stop"))
                .directory(projectDir.toFile()).redirectErrorStream(true).start();
        if (!stop.waitFor(60, TimeUnit.SECONDS)) {
            stop.destroyForcibly();
            fail(".ci/keycloak.sh stop did not finish within 60 s");
        }
        String output = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (stop.exitValue() != 0) {
            fail(".ci/keycloak.sh stop failed (" + stop.exitValue() + "): " + output);
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String required(Properties facts, String key) {
        String value = facts.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("keycloak.properties lacks " + key + ": " + START_HINT);
        }
        return value.trim();
    }
}
