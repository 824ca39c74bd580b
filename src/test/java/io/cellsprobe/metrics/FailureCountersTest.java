package io.cellsprobe.metrics;

import static io.cellsprobe.support.Scrapes.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.testing.TestTargets;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/** The failure counters outside a running monitor: what is pre-set, and what a failure moves. */
class FailureCountersTest {

    private final Target target = TestTargets.at("http://127.0.0.1:9").name("acc").build();
    private final Targets targets = new Targets(List.of(target));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProbeMetrics metrics = new ProbeMetrics(targets, new TargetStatuses(targets), registry,
            List.of(Duration.ofMillis(2500)));

    @Test
    void aReasonItsStepCannotGiveHasNoCounter() {
        assertThat(Phase.USER.reasons(AuthSettings.DEX)).doesNotContain(FailureReason.CREDENTIALS_REJECTED);

        assertThat(failures(Phase.USER, FailureReason.CREDENTIALS_REJECTED)).isEmpty();
        assertThat(failures(Phase.TOKEN, FailureReason.CREDENTIALS_REJECTED)).hasValue(0.0);
    }

    /** A bug in Phase.reasons must not lose the failure: it is counted, from its first one. */
    @Test
    void aFailureOutsideItsStepsReasonsIsStillCounted() {
        metrics.onProbe(TargetStatus.initial(target), TargetStatus.initial(target)
                .next(failed(Phase.USER, FailureReason.CREDENTIALS_REJECTED)));

        assertThat(failures(Phase.USER, FailureReason.CREDENTIALS_REJECTED)).hasValue(1.0);
        assertThat(sample(registry.scrape(), "cells_probe_runs_total", "target=\"acc\"", "result=\"failure\""))
                .hasValue(1.0);
    }

    private OptionalDouble failures(Phase step, FailureReason reason) {
        return sample(registry.scrape(), "cells_probe_failures_total", "target=\"acc\"",
                "phase=\"" + step.label() + "\"", "reason=\"" + reason.label() + "\"");
    }

    private static ProbeResult failed(Phase step, FailureReason reason) {
        return new ProbeResult("acc", Instant.parse("2026-03-01T12:00:00Z"),
                Optional.of(new ProbeFailure(step, reason, "staged", false)),
                Map.of(step, Duration.ofMillis(20), Phase.TOTAL, Duration.ofMillis(50)),
                Map.of(), OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of());
    }
}
