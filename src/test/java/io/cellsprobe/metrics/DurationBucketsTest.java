package io.cellsprobe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.Targets;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.testing.TestTargets;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

class DurationBucketsTest {

    @Test
    void everyStepAndTheWholeLoginGetTheConfiguredBucketsPlusTheSlowLoginOne() {
        List<Duration> configured = List.of(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(30));

        for (String phase : List.of("token", "user", "total")) {
            assertThat(buckets(configured, phase)).as(phase)
                    .containsExactly("0.05", "1.0", "2.5", "30.0", "+Inf");
        }
    }

    @Test
    void theSlowLoginBucketIsNotDoubledWhenConfigured() {
        assertThat(buckets(List.of(Duration.ofMillis(2500)), "total")).containsExactly("2.5", "+Inf");
    }

    /** The {@code le} values of the dex-password target's histogram of a phase, in scrape order. */
    private static List<String> buckets(List<Duration> configured, String phase) {
        Targets targets = new Targets(List.of(TestTargets.at("http://127.0.0.1:9").name("acc").build()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ProbeMetrics(targets, new TargetStatuses(targets), registry, configured);
        return registry.scrape().lines()
                .filter(line -> line.startsWith("cells_probe_duration_seconds_bucket{"))
                .filter(line -> line.contains("phase=\"" + phase + "\""))
                .map(line -> line.replaceFirst(".*le=\"([^\"]*)\".*", "$1"))
                .toList();
    }
}
