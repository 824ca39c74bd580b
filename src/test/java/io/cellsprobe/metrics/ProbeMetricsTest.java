package io.cellsprobe.metrics;

import static io.cellsprobe.support.Scrapes.metricsText;
import static io.cellsprobe.support.Scrapes.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import jakarta.inject.Inject;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.support.CellsLikeServerResource;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.CellsV1Server.Breakage;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(CellsLikeServerResource.class)
class ProbeMetricsTest {

    private static final Duration PROBE_WAIT = Duration.ofSeconds(10);

    final URL metrics = CellsLikeServerResource.management("/q/metrics");

    CellsV1Server cells;

    @AfterEach
    void heal() {
        CellsLikeServerResource.healAndAwaitSuccess(cells);
    }

    @Inject
    PrometheusMeterRegistry registry;

    @Test
    void metricsEndpointScrapesThroughTheBufferedRegistry() {
        // Quarkus' /q/metrics handler looks up this same bean.
        assertThat(registry).isInstanceOf(PrometheusRegistryProducer.BufferedScrapeRegistry.class);
        assertThat(metricsText(metrics)).contains("cells_probe_runs_total{");
    }

    @Test
    void everyDocumentedSeriesIsExposedWithHelpText() {
        String text = metricsText(metrics);

        for (String name : Set.of("cells_probe_success", "cells_probe_duration_seconds", "cells_probe_runs_total",
                "cells_probe_failures_total", "cells_probe_skipped_total", "cells_probe_last_run_timestamp_seconds",
                "cells_probe_last_success_timestamp_seconds", "cells_probe_consecutive_failures",
                "cells_probe_token_lifetime_seconds", "cells_probe_token_expiry_timestamp_seconds",
                "cells_probe_http_status_code", "cells_probe_backoff_seconds",
                "cells_probe_credentials_suspended", "cells_probe_credential_rejections",
                "cells_probe_tls_cert_expiry_timestamp_seconds", "cells_probe_target_info")) {
            assertThat(text).as(name).containsPattern("(?m)^# HELP " + name + " \\S.*$");
        }
    }

    /**
     * The scrape's weight per target, for the default flavor (dex-password: token and user steps);
     * 89 series before issue 13. 71 = 38 that are not histograms (11 gauges of the target, 2 HTTP
     * status gauges, 22 failure counters of Phase.reasons, 2 runs, 1 skipped) + 3 histograms (token,
     * user, total) x (7 default buckets + 4: +Inf, count, sum, max). The per-step histograms are
     * public API; each default bucket costs 3 series. A new series per target must be worth its cost
     * at thousands of targets: change this number only with the reason in README's metrics section.
     */
    @Test
    void aDexPasswordTargetHas71Series() {
        Map<String, Long> byFamily = metricsText(metrics).lines()
                .filter(line -> line.startsWith("cells_probe_") && line.contains("target=\"acc\""))
                .collect(Collectors.groupingBy(line -> line.substring(0, line.indexOf('{')), TreeMap::new,
                        Collectors.counting()));

        assertThat(byFamily.values().stream().mapToLong(Long::longValue).sum()).as("series by name: %s", byFamily)
                .isEqualTo(71);
    }

    @Test
    void failureCountersArePresetForExactlyTheReasonsEachStepCanProduce() {
        String text = metricsText(metrics);

        for (Phase step : List.of(Phase.TOKEN, Phase.USER)) {
            for (FailureReason reason : FailureReason.values()) {
                assertThat(io.cellsprobe.support.Scrapes.sample(text, "cells_probe_failures_total",
                        "target=\"acc\"", "phase=\"" + step.label() + "\"", "reason=\"" + reason.label() + "\""))
                        .as(step + "/" + reason).matches(sample -> sample.isPresent()
                                == step.reasons(AuthSettings.DEX).contains(reason));
            }
        }
    }

    @Test
    void everyStepAndTheWholeLoginHaveAHistogramWithTheDefaultBuckets() {
        Map<String, List<String>> bucketsByPhase = metricsText(metrics).lines()
                .filter(line -> line.startsWith("cells_probe_duration_seconds_bucket{") && line.contains("target=\"acc\""))
                .collect(Collectors.groupingBy(line -> label(line, "phase"), TreeMap::new,
                        Collectors.mapping(line -> label(line, "le"), Collectors.toList())));

        List<String> defaults = List.of("0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "+Inf");
        assertThat(bucketsByPhase).isEqualTo(Map.of("token", defaults, "user", defaults, "total", defaults));
    }

    private static String label(String line, String name) {
        Matcher matcher = Pattern.compile("[{,]" + name + "=\"([^\"]*)\"").matcher(line);
        assertThat(matcher.find()).as("%s in %s", name, line).isTrue();
        return matcher.group(1);
    }

    @Test
    void healthyCellsGivesSuccessAndTokenFacts() {
        await().atMost(PROBE_WAIT).untilAsserted(() -> {
            assertThat(value(metrics, "cells_probe_success", "target=\"acc\"")).isEqualTo(1.0);
            assertThat(value(metrics, "cells_probe_http_status_code", "target=\"acc\"", "phase=\"user\""))
                    .isEqualTo(200.0);
        });
        assertThat(value(metrics, "cells_probe_token_lifetime_seconds", "target=\"acc\"")).isEqualTo(599.0);
        double expiry = value(metrics, "cells_probe_token_expiry_timestamp_seconds", "target=\"acc\"");
        assertThat(expiry).isGreaterThan(System.currentTimeMillis() / 1000.0);
        for (String phase : List.of("token", "user", "total")) {
            assertThat(value(metrics, "cells_probe_duration_seconds_count", "target=\"acc\"", "phase=\"" + phase + "\""))
                    .as(phase).isPositive();
        }
        assertThat(value(metrics, "cells_probe_last_success_timestamp_seconds", "target=\"acc\""))
                .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(30.0));
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of(Breakage.CREDENTIALS_REJECTED, "token", "credentials_rejected"),
                Arguments.of(Breakage.CLIENT_REJECTED, "token", "client_rejected"),
                Arguments.of(Breakage.SERVER_ERROR, "token", "http_error"),
                Arguments.of(Breakage.CONNECTION_RESET, "token", "connect"),
                Arguments.of(Breakage.TOKEN_HTML, "token", "bad_response"),
                Arguments.of(Breakage.TOKEN_WITHOUT_ID_TOKEN, "token", "token_invalid"),
                Arguments.of(Breakage.EXPIRED_TOKEN, "token", "token_invalid"),
                Arguments.of(Breakage.SLOW_TOKEN, "token", "timeout"),
                Arguments.of(Breakage.USER_HTML, "user", "bad_response"),
                Arguments.of(Breakage.USER_UNAUTHORIZED, "user", "unauthorized"),
                Arguments.of(Breakage.USER_NOT_FOUND, "user", "user_not_found"),
                Arguments.of(Breakage.LOGIN_MISMATCH, "user", "login_mismatch"),
                Arguments.of(Breakage.USER_UNAVAILABLE, "user", "http_error"),
                Arguments.of(Breakage.DATABASE_DOWN, "token", "backend_unavailable"));
    }

    @ParameterizedTest
    @MethodSource("breakages")
    void eachBreakageMovesItsOwnFailureCounter(Breakage breakage, String phase, String reason) {
        String[] labels = { "target=\"acc\"", "phase=\"" + phase + "\"", "reason=\"" + reason + "\"" };
        double before = value(metrics, "cells_probe_failures_total", labels);
        double failuresBefore = value(metrics, "cells_probe_runs_total", "target=\"acc\"", "result=\"failure\"");

        cells.breakWith(breakage);

        await().atMost(PROBE_WAIT).untilAsserted(
                () -> assertThat(value(metrics, "cells_probe_failures_total", labels)).isGreaterThan(before));
        assertThat(value(metrics, "cells_probe_success", "target=\"acc\"")).isZero();
        assertThat(value(metrics, "cells_probe_runs_total", "target=\"acc\"", "result=\"failure\""))
                .isGreaterThan(failuresBefore);
        assertThat(value(metrics, "cells_probe_consecutive_failures", "target=\"acc\"")).isPositive();
    }

    @Test
    void credentialRejectionsCountRefusedLoginsUntilOneSucceeds() {
        cells.breakWith(Breakage.CREDENTIALS_REJECTED);
        await().atMost(PROBE_WAIT).untilAsserted(() -> assertThat(
                value(metrics, "cells_probe_credential_rejections", "target=\"acc\"")).isGreaterThanOrEqualTo(1.0));

        cells.heal();

        await().atMost(PROBE_WAIT).untilAsserted(() -> {
            assertThat(value(metrics, "cells_probe_success", "target=\"acc\"")).isEqualTo(1.0);
            assertThat(value(metrics, "cells_probe_credential_rejections", "target=\"acc\"")).isZero();
        });
    }

    @Test
    void labelValuesStayInTheirClosedSets() {
        Pattern label = Pattern.compile("(target|phase|reason|result)=\"([^\"]*)\"");
        Set<String> reasons = Stream.of(FailureReason.values()).map(FailureReason::label)
                .collect(java.util.stream.Collectors.toSet());
        metricsText(metrics).lines().filter(line -> line.startsWith("cells_probe_")).forEach(line -> {
            Matcher matcher = label.matcher(line);
            while (matcher.find()) {
                String value = matcher.group(2);
                switch (matcher.group(1)) {
                    case "target" -> assertThat(value).isEqualTo("acc");
                    case "phase" -> assertThat(value).isIn("token", "user", "total");
                    case "reason" -> assertThat(value).isIn(reasons);
                    default -> assertThat(value).isIn("success", "failure");
                }
            }
        });
    }
}
