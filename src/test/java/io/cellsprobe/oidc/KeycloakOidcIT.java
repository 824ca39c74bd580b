package io.cellsprobe.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.cellsprobe.support.PackagedMonitor;
import io.cellsprobe.support.Scrapes;

/**
 * The {@code oidc-password} flavor against a real Keycloak (started by {@code .ci/keycloak.sh start}),
 * run by the packaged jar: what a Keycloak really answers, not what we believe it answers.
 * Keycloak is shared by all tests and the last one stops it, hence the order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakOidcIT {

    private static LocalKeycloak keycloak;
    private static Throwable setupFailure;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Once per class, but in @BeforeEach: failsafe reports a class skipped from @BeforeAll as
     * "Tests run: 0" without the reason, and the reason here is the command to run.
     */
    @BeforeEach
    void keycloakReadyAndProvisioned() throws Throwable {
        LocalKeycloak started = LocalKeycloak.startedOrSkip();
        if (setupFailure != null) {
            throw setupFailure; // do not wait another 4 minutes for each test
        }
        if (keycloak == null) {
            try {
                new KeycloakAdmin(started.awaitReady(Duration.ofMinutes(4))).provision();
                keycloak = started;
            } catch (Throwable e) {
                setupFailure = e;
                throw e;
            }
        }
    }

    /**
     * The provider facts the flavor is built on (docs/cells-api.md), checked directly: when Keycloak
     * changes them, this test says so, rather than the monitor tests failing for a puzzling reason.
     */
    @Test
    @Order(1)
    void keycloakAnswersThePasswordGrantAsTheContractSays() throws Exception {
        JsonNode discovery = KeycloakAdmin.json(get(keycloak.issuer + "/.well-known/openid-configuration", null).body());
        assertThat(discovery.path("issuer").asText()).isEqualTo(keycloak.issuer);
        String tokenEndpoint = discovery.path("token_endpoint").asText();

        HttpResponse<String> granted = passwordGrant(tokenEndpoint, keycloak.clientSecret, keycloak.password);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        JsonNode tokens = KeycloakAdmin.json(granted.body());
        assertThat(tokens.path("access_token").asText()).isNotEmpty();
        assertThat(tokens.path("id_token").asText()).as("id_token with scope openid").isNotEmpty();
        assertThat(tokens.path("expires_in").isNumber()).as("expires_in is a number").isTrue();
        JsonNode idClaims = KeycloakAdmin.json(new String(
                Base64.getUrlDecoder().decode(tokens.path("id_token").asText().split("\\.")[1]), StandardCharsets.UTF_8));
        assertThat(idClaims.path("iss").asText()).isEqualTo(keycloak.issuer);

        HttpResponse<String> userinfo = get(discovery.path("userinfo_endpoint").asText(), tokens.path("access_token").asText());
        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        assertThat(KeycloakAdmin.json(userinfo.body()).path("preferred_username").asText()).isEqualTo(keycloak.username);

        HttpResponse<String> wrongPassword = passwordGrant(tokenEndpoint, keycloak.clientSecret, "not-" + keycloak.password);
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(KeycloakAdmin.json(wrongPassword.body()).path("error").asText()).isEqualTo("invalid_grant");

        HttpResponse<String> wrongSecret = passwordGrant(tokenEndpoint, "not-" + keycloak.clientSecret, keycloak.password);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(KeycloakAdmin.json(wrongSecret.body()).path("error").asText()).isEqualTo("unauthorized_client");
    }

    @Test
    @Order(2)
    void correctCredentialsPass() throws Exception {
        try (PackagedMonitor monitor = PackagedMonitor.start(target("good", keycloak.clientSecret, keycloak.password))) {
            // Passing takes the token endpoint from Keycloak's discovery document and a
            // preferred_username from its userinfo endpoint equal to the username.
            awaitSuccess(monitor, "good");

            assertThat(sample(monitor, "cells_probe_token_lifetime_seconds", "target=\"good\""))
                    .as("expires_in of the realm's access tokens").hasValue(KeycloakAdmin.ACCESS_TOKEN_LIFESPAN_SECONDS);
            assertThat(monitor.output()).doesNotContain(keycloak.password, keycloak.clientSecret);
        }
    }

    @Test
    @Order(3)
    void wrongPasswordIsCredentialsRejectedInTheTokenPhase() throws Exception {
        try (PackagedMonitor monitor = PackagedMonitor.start(
                target("wrongpw", keycloak.clientSecret, "not-" + keycloak.password))) {
            // Keycloak answers 401 invalid_grant: a 401, yet about the user, not the client.
            awaitFailures(monitor, "wrongpw", "token", "credentials_rejected");

            assertThat(sample(monitor, "cells_probe_success", "target=\"wrongpw\"")).hasValue(0.0);
            assertThat(sample(monitor, "cells_probe_failures_total", "target=\"wrongpw\"", "phase=\"token\"",
                    "reason=\"client_rejected\"")).hasValue(0.0);
        }
    }

    @Test
    @Order(4)
    void wrongClientSecretIsClientRejectedInTheTokenPhase() throws Exception {
        try (PackagedMonitor monitor = PackagedMonitor.start(
                target("wrongsecret", "not-" + keycloak.clientSecret, keycloak.password))) {
            // Keycloak answers 401 unauthorized_client.
            awaitFailures(monitor, "wrongsecret", "token", "client_rejected");

            assertThat(sample(monitor, "cells_probe_success", "target=\"wrongsecret\"")).hasValue(0.0);
            assertThat(sample(monitor, "cells_probe_failures_total", "target=\"wrongsecret\"", "phase=\"token\"",
                    "reason=\"credentials_rejected\"")).hasValue(0.0);
        }
    }

    @Test
    @Order(5)
    void refreshGrantCarryingTheLoginsNoncePasses() throws Exception {
        // Cells' Dex needs the login's nonce on the refresh grant; Keycloak must ignore the field.
        List<String> properties = target("refreshing", keycloak.clientSecret, keycloak.password);
        properties.add("cells-probe.targets.refreshing.refresh=true");
        try (PackagedMonitor monitor = PackagedMonitor.start(properties)) {
            awaitSuccess(monitor, "refreshing");

            assertThat(sample(monitor, "cells_probe_duration_seconds_count", "target=\"refreshing\"",
                    "phase=\"refresh\"").orElse(0.0)).as("refresh steps timed").isPositive();
            assertThat(monitor.output()).doesNotContain(keycloak.password, keycloak.clientSecret);
        }
    }

    /** Last: it stops the shared Keycloak. */
    @Test
    @Order(Integer.MAX_VALUE)
    void stoppedKeycloakIsAConnectFailure() throws Exception {
        try (PackagedMonitor monitor = PackagedMonitor.start(target("outage", keycloak.clientSecret, keycloak.password))) {
            awaitSuccess(monitor, "outage");

            keycloak.stop();

            // The discovery document is cached after the first success, so the token request is
            // most likely the first to be refused; a refetch of discovery would fail there instead.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    failures(monitor, "outage", "discovery", "connect") + failures(monitor, "outage", "token", "connect"))
                    .as("connect failures in phase discovery or token").isPositive());
            assertThat(sample(monitor, "cells_probe_success", "target=\"outage\"")).hasValue(0.0);
            System.out.printf("[keycloak-it] outage seen as connect in discovery: %.0f, token: %.0f%n",
                    failures(monitor, "outage", "discovery", "connect"), failures(monitor, "outage", "token", "connect"));
        }
    }

    /** A target of the flavor under test, probing every 2 s, with these credentials. */
    private static List<String> target(String name, String clientSecret, String password) {
        String prefix = "cells-probe.targets." + name + ".";
        List<String> properties = new ArrayList<>();
        properties.add(prefix + "flavor=oidc-password");
        properties.add(prefix + "issuer=" + keycloak.issuer);
        properties.add(prefix + "user-check=userinfo");
        // Only the target's URL label with user-check=userinfo.
        properties.add(prefix + "url=" + keycloak.baseUrl);
        properties.add(prefix + "api-key=" + keycloak.clientId);
        properties.add(prefix + "api-secret=" + clientSecret);
        properties.add(prefix + "username=" + keycloak.username);
        properties.add(prefix + "password=" + password);
        properties.add(prefix + "interval=2s");
        // Discovery, a password hash check and userinfo on a shared 2-core machine: keep headroom
        // (a grant takes about 150 ms on an idle one).
        properties.add(prefix + "timeout=1900ms");
        return properties;
    }

    private void awaitSuccess(PackagedMonitor monitor, String target) {
        // Start-up (about 2 s) plus a random first offset within the interval, plus slack for CI.
        await("first success of " + target).atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(sample(monitor, "cells_probe_success", "target=\"" + target + "\""))
                        .as("cells_probe_success; monitor output:%n%s", monitor.output()).hasValue(1.0));
    }

    private void awaitFailures(PackagedMonitor monitor, String target, String phase, String reason) {
        await(reason + " of " + target).atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(failures(monitor, target, phase, reason))
                        .as("cells_probe_failures_total{phase=%s,reason=%s}; monitor output:%n%s", phase, reason,
                                monitor.output())
                        .isPositive());
    }

    private double failures(PackagedMonitor monitor, String target, String phase, String reason) throws Exception {
        return sample(monitor, "cells_probe_failures_total", "target=\"" + target + "\"", "phase=\"" + phase + "\"",
                "reason=\"" + reason + "\"").orElse(0.0);
    }

    private OptionalDouble sample(PackagedMonitor monitor, String name, String... labels) throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(monitor.managementUrl("/q/metrics")))
                .header("Accept", "text/plain").timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return Scrapes.sample(metrics.body(), name, labels);
    }

    private HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> passwordGrant(String tokenEndpoint, String clientSecret, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString(
                (keycloak.clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(KeycloakAdmin.form(Map.of("grant_type", "password",
                        "username", keycloak.username, "password", password, "scope", "openid"))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
