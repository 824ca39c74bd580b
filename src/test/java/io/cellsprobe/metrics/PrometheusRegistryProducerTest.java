package io.cellsprobe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

class PrometheusRegistryProducerTest {

    /** The buffered scrape must write exactly what the stock one writes, escapes included. */
    @ParameterizedTest
    @ValueSource(strings = { TextFormat.CONTENT_TYPE_004, TextFormat.CONTENT_TYPE_OPENMETRICS_100 })
    void bufferedScrapeWritesWhatTheStockScrapeWrites(String contentType) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusRegistryProducer()
                .registry(PrometheusConfig.DEFAULT, new CollectorRegistry(), Clock.SYSTEM);
        for (String target : new String[] { "plain", "quote\"back\\slash", "new\nline", "ünïcødé" }) {
            Counter.builder("cells.probe.runs").tags("target", target, "result", "success").register(registry)
                    .increment(3);
            Gauge.builder("cells.probe.success", () -> 1).tags("target", target).register(registry);
            Timer timer = Timer.builder("cells.probe.duration").tags("target", target, "phase", "total")
                    .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(30))
                    .register(registry);
            timer.record(Duration.ofMillis(12));
            timer.record(Duration.ofMillis(40_000));
        }

        StringWriter stock = new StringWriter();
        registry.scrape(stock, contentType);
        String buffered = registry.scrape(contentType);

        assertThat(buffered).isEqualTo(stock.toString())
                .contains("target=\"quote\\\"back\\\\slash\"", "target=\"new\\nline\"", "target=\"ünïcødé\"")
                // 0.0.4 ends a label set with a comma, OpenMetrics does not.
                .containsPattern("cells_probe_duration_seconds_bucket\\{phase=\"total\",target=\"plain\",le=\"0.05\",?} 1.0");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 70_000 })
    void bufferedScrapeGrowsPastTheSizeOfTheLastScrape(int targets) {
        PrometheusMeterRegistry registry = new PrometheusRegistryProducer()
                .registry(PrometheusConfig.DEFAULT, new CollectorRegistry(), Clock.SYSTEM);
        String small = registry.scrape(TextFormat.CONTENT_TYPE_004);
        for (int i = 0; i < targets; i++) {
            Counter.builder("cells.probe.skipped").tags("target", "t" + i).register(registry);
        }

        String large = registry.scrape(TextFormat.CONTENT_TYPE_004);

        assertThat(large.lines().filter(line -> line.startsWith("cells_probe_skipped_total{"))).hasSize(targets);
        assertThat(large.length()).isGreaterThanOrEqualTo(small.length());
    }
}
