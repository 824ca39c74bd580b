package io.cellsprobe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.TargetStatuses;
import io.cellsprobe.testing.TestTargets;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

class DurationBucketsTest {

    @Test
    void configuredBucketsAreTheLoginsBucketsPlusTheSlowLoginOne() {
        List<String> buckets = totalBuckets(List.of(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(30)));

        assertThat(buckets).hasSize(5).anyMatch(line -> line.contains("le=\"0.05\""))
                .anyMatch(line -> line.contains("le=\"2.5\"")).anyMatch(line -> line.contains("le=\"30.0\""))
                .anyMatch(line -> line.contains("le=\"+Inf\""));
    }

    @Test
    void theSlowLoginBucketIsNotDoubledWhenConfigured() {
        assertThat(totalBuckets(List.of(Duration.ofMillis(2500)))).hasSize(2);
    }

    @Test
    void stepsHaveNoHistogram() {
        String scrape = scrape(List.of(Duration.ofMillis(50)));

        assertThat(scrape.lines().filter(line -> line.startsWith("cells_probe_duration_seconds")))
                .isNotEmpty().allMatch(line -> line.contains("phase=\"total\""));
    }

    private static List<String> totalBuckets(List<Duration> configured) {
        return scrape(configured).lines()
                .filter(line -> line.startsWith("cells_probe_duration_seconds_bucket{"))
                .filter(line -> line.contains("phase=\"total\""))
                .toList();
    }

    private static String scrape(List<Duration> configured) {
        Targets targets = new Targets(List.of(TestTargets.at("http://127.0.0.1:9").name("acc").build()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ProbeMetrics(targets, new TargetStatuses(targets), registry, configured);
        return registry.scrape();
    }
}
