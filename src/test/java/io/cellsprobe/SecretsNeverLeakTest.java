package io.cellsprobe;

import static io.cellsprobe.support.CellsLikeServerResource.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cellsprobe.support.CellsLikeServerResource;
import io.cellsprobe.support.Scrapes;
import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.CellsV1Server.Breakage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Runs every way Cells breaks, with our logs at DEBUG, then searches everything the monitor
 * published (logs, metrics, health, status API and page) for the configured secrets and every issued token.
 */
@QuarkusTest
@WithTestResource(CellsLikeServerResource.class)
class SecretsNeverLeakTest {

    CellsV1Server cells;

    @Test
    void noSecretOrIssuedTokenAppearsInLogsMetricsHealthOrStatus() throws IOException {
        URL metrics = management("/q/metrics");
        for (Breakage breakage : Breakage.values()) {
            double failuresBefore = failures(metrics);
            cells.breakWith(breakage);
            await().atMost(Duration.ofSeconds(10)).until(() -> failures(metrics) > failuresBefore);
            CellsLikeServerResource.healAndAwaitSuccess(cells);
        }

        Map<String, String> published = new LinkedHashMap<>();
        published.put("the DEBUG log", Files.readString(Path.of(CellsLikeServerResource.LOG_FILE)));
        published.put("/q/metrics", Scrapes.metricsText(metrics));
        published.put("/q/health", given().get(management("/q/health")).asString());
        published.put("/q/health/group/cells", given().get(management("/q/health/group/cells")).asString());
        published.put("/status", given().get("/status").asString());
        published.put("the status page /", given().get("/").asString());
        published.put("the probe-now trace", given().post("/targets/acc/probe").asString());

        assertThat(published.get("the DEBUG log")).as("the DEBUG log holds per-probe lines").contains("DEBUG");
        assertThat(published.get("the status page /")).as("the status page shows the target")
                .contains("data-target=\"acc\"");
        List<String> forbidden = forbidden();
        published.forEach((output, text) -> {
            for (int i = 0; i < forbidden.size(); i++) {
                // Names the output and which secret, never the secret itself.
                assertThat(text.contains(forbidden.get(i)))
                        .as("%s publishes forbidden value #%d (%s)", output, i, forbiddenKind(i)).isFalse();
            }
        });
    }

    /** What the forbidden value at {@code index} is, for a failure message that must not show it. */
    private String forbiddenKind(int index) {
        int tokens = cells.issuedTokens().size();
        if (index < tokens) {
            return "an issued token";
        }
        return switch (index - tokens) {
            case 0 -> "the API secret";
            case 1 -> "the API secret, form-encoded";
            case 2 -> "the password";
            case 3 -> "the password, form-encoded";
            default -> "the Basic credentials";
        };
    }

    private List<String> forbidden() {
        List<String> values = new ArrayList<>(cells.issuedTokens());
        for (String secret : List.of(Account.MONITOR.apiSecret(), Account.MONITOR.password())) {
            values.add(secret);
            values.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        }
        String basic = URLEncoder.encode(Account.MONITOR.apiKey(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(Account.MONITOR.apiSecret(), StandardCharsets.UTF_8);
        values.add(Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        return values;
    }

    private static double failures(URL metrics) {
        return Scrapes.value(metrics, "cells_probe_runs_total", "target=\"acc\"", "result=\"failure\"");
    }
}
