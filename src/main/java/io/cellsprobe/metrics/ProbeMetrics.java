package io.cellsprobe.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.probe.ProbeSink;
import io.cellsprobe.probe.TargetStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The Prometheus view of probe results. Every series of every target is registered at start-up
 * (failure counters at 0 for every reason), so rates and alerts work from the first scrape and a
 * reason that never happened still shows as 0 rather than as missing.
 */
@ApplicationScoped
public class ProbeMetrics implements ProbeSink {

    /** Histogram buckets from 5 ms (a fast loopback login) to 30 s (past any sane timeout). */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30) };

    private final Map<String, TargetMeters> byTarget = new HashMap<>();

    public ProbeMetrics(Targets targets, MeterRegistry registry) {
        for (Target target : targets.all()) {
            byTarget.put(target.name(), new TargetMeters(target.name(), registry));
        }
    }

    @Override
    public void onProbe(TargetStatus before, TargetStatus after) {
        ProbeResult result = after.last().orElseThrow();
        TargetMeters meters = byTarget.get(result.target());
        meters.success.value = result.success() ? 1 : 0;
        (result.success() ? meters.runsSuccess : meters.runsFailure).increment();
        result.durations().forEach((phase, duration) -> meters.durations.get(phase).record(duration));
        result.failure().ifPresent(failure -> meters.failures.get(failure.phase()).get(failure.reason()).increment());
        meters.lastRun.value = epochSeconds(result.startedAt().toEpochMilli());
        after.lastSuccess().ifPresent(time -> meters.lastSuccess.value = epochSeconds(time.toEpochMilli()));
        meters.consecutiveFailures.value = after.consecutiveFailures();
        after.tokenLifetimeSeconds().ifPresent(seconds -> meters.tokenLifetime.value = seconds);
        after.tokenExpiresAt().ifPresent(time -> meters.tokenExpiry.value = time.getEpochSecond());
        for (Phase step : Phase.STEPS) {
            meters.httpStatus.get(step).value = result.httpStatus().getOrDefault(step, 0);
        }
    }

    @Override
    public void onSkipped(String target) {
        byTarget.get(target).skipped.increment();
    }

    private static double epochSeconds(long epochMillis) {
        return epochMillis / 1000.0;
    }

    /** A gauge's value, written by the event loop that ran the probe and read by the scrape. */
    private static final class Value {
        volatile double value;

        Value(double initial) {
            value = initial;
        }

        double get() {
            return value;
        }
    }

    private static final class TargetMeters {
        final Value success = new Value(Double.NaN);
        final Value lastRun = new Value(0);
        final Value lastSuccess = new Value(0);
        final Value consecutiveFailures = new Value(0);
        final Value tokenLifetime = new Value(Double.NaN);
        final Value tokenExpiry = new Value(Double.NaN);
        final Map<Phase, Value> httpStatus = new EnumMap<>(Phase.class);
        final Map<Phase, Timer> durations = new EnumMap<>(Phase.class);
        final Map<Phase, Map<FailureReason, Counter>> failures = new EnumMap<>(Phase.class);
        final Counter runsSuccess;
        final Counter runsFailure;
        final Counter skipped;

        TargetMeters(String target, MeterRegistry registry) {
            Tags tags = Tags.of("target", target);
            gauge(registry, "cells.probe.success", "1 if the last probe of the target passed, 0 if it failed",
                    tags, success);
            gauge(registry, "cells.probe.last.run.timestamp.seconds",
                    "Unix time the last probe of the target started", tags, lastRun);
            gauge(registry, "cells.probe.last.success.timestamp.seconds",
                    "Unix time the last passing probe of the target started, 0 if none yet", tags, lastSuccess);
            gauge(registry, "cells.probe.consecutive.failures", "Failed probes of the target since the last pass",
                    tags, consecutiveFailures);
            gauge(registry, "cells.probe.token.lifetime.seconds",
                    "expires_in of the last token issued to the monitoring account", tags, tokenLifetime);
            gauge(registry, "cells.probe.token.expiry.timestamp.seconds",
                    "exp claim (Unix time) of the last id_token issued to the monitoring account", tags, tokenExpiry);
            for (Phase phase : Phase.values()) {
                durations.put(phase, Timer.builder("cells.probe.duration")
                        .description("Time taken by each phase of the probe (token, user) and by the whole probe (total)")
                        .tags(tags.and("phase", phase.label()))
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry));
            }
            for (Phase step : Phase.STEPS) {
                Value status = new Value(0);
                httpStatus.put(step, status);
                gauge(registry, "cells.probe.http.status.code",
                        "HTTP status of the last answer in the phase, 0 if there was none",
                        tags.and("phase", step.label()), status);
                Map<FailureReason, Counter> byReason = new EnumMap<>(FailureReason.class);
                for (FailureReason reason : FailureReason.values()) {
                    byReason.put(reason, Counter.builder("cells.probe.failures")
                            .description("Failed probes by the phase that failed and a bounded reason")
                            .tags(tags.and("phase", step.label(), "reason", reason.label()))
                            .register(registry));
                }
                failures.put(step, byReason);
            }
            runsSuccess = runs(registry, tags, "success");
            runsFailure = runs(registry, tags, "failure");
            skipped = Counter.builder("cells.probe.skipped")
                    .description("Runs skipped because the previous probe of the target was still running")
                    .tags(tags).register(registry);
        }

        private static Counter runs(MeterRegistry registry, Tags tags, String result) {
            return Counter.builder("cells.probe.runs").description("Probes run, by result")
                    .tags(tags.and("result", result)).register(registry);
        }

        private static void gauge(MeterRegistry registry, String name, String help, Tags tags, Value value) {
            Gauge.builder(name, value, Value::get).description(help).tags(tags).strongReference(true)
                    .register(registry);
        }
    }
}
