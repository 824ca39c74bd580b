package io.cellsprobe.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cellsprobe.config.CellsProbeConfig;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.ProbeSink;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatuses;
import io.micrometer.core.instrument.Counter;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The Prometheus view of probe results. Gauges are read from the targets' {@link TargetStatus} at
 * scrape time; counters and histograms count each result. Every series of every target is
 * registered at start-up (failure counters at 0 for every reason its step can produce, see
 * {@link Phase#reasons}), so rates and alerts work from the first scrape and a reason that never
 * happened shows as 0 rather than as missing.
 *
 * <p>A dex-password target has 71 series (ProbeMetricsTest counts them): 38 that are not histograms,
 * and a histogram for each step and the whole login (phase total), 3 x (7 default buckets + 4).
 */
// Created at start-up, not at the first probe: every series must be there for the first scrape.
@Startup
@ApplicationScoped
public class ProbeMetrics implements ProbeSink {

    /** Scheduler lag buckets: from sub-millisecond (idle) to a second (badly overloaded). */
    static final Duration[] LAG_BUCKETS = {
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1) };

    /**
     * CellsAuthSlow fires when more than 5 % of the logins take longer than this: always a bucket of
     * the duration histograms, whatever {@code cells-probe.duration-buckets} says, so the alert can count.
     */
    static final Duration SLOW_LOGIN = Duration.ofMillis(2500);

    private final Map<String, TargetMeters> byTarget = new HashMap<>();
    private final MeterRegistry registry;
    private final Timer scheduleLag;

    @Inject
    public ProbeMetrics(Targets targets, TargetStatuses statuses, MeterRegistry registry, CellsProbeConfig config) {
        this(targets, statuses, registry, config.durationBuckets());
    }

    /** @param buckets of the duration histograms, from {@code cells-probe.duration-buckets}; {@link #SLOW_LOGIN} is added */
    public ProbeMetrics(Targets targets, TargetStatuses statuses, MeterRegistry registry, List<Duration> buckets) {
        this.registry = registry;
        TreeSet<Duration> withSlowLogin = new TreeSet<>(buckets);
        withSlowLogin.add(SLOW_LOGIN);
        Duration[] durationBuckets = withSlowLogin.toArray(Duration[]::new);
        // One series for the whole monitor: lag is about this process, not about a target.
        this.scheduleLag = Timer.builder("cells.probe.schedule.lag")
                .description("How late probes start after their planned time; grows first when the monitor is overloaded")
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
        for (Target target : targets.all()) {
            byTarget.put(target.name(), new TargetMeters(target, statuses, registry, durationBuckets));
        }
    }

    @Override
    public void onProbe(TargetStatus before, TargetStatus after) {
        ProbeResult result = after.last().orElseThrow();
        TargetMeters meters = byTarget.get(result.target());
        if (after.flavor() != before.flavor()) {
            // auto found the Cells generation: the info series moves to the detected flavor.
            registry.remove(meters.info);
            meters.info = TargetMeters.info(after.target(), after.flavor(), registry);
        }
        (result.success() ? meters.runsSuccess : meters.runsFailure).increment();
        result.durations().forEach((phase, duration) -> meters.durations.get(phase).record(duration));
        result.failure().ifPresent(failure -> meters.failures(failure.phase(), failure.reason()).increment());
    }

    @Override
    public void onStarted(String target, Duration lag) {
        scheduleLag.record(lag);
    }

    @Override
    public void onSkipped(String target) {
        byTarget.get(target).skipped.increment();
    }

    private static double epochSeconds(Instant time) {
        return time.toEpochMilli() / 1000.0;
    }

    private static final class TargetMeters {
        final MeterRegistry registry;
        final Tags tags;
        final Map<Phase, Timer> durations = new EnumMap<>(Phase.class);
        final Map<Phase, Map<FailureReason, Counter>> failures = new EnumMap<>(Phase.class);
        final Counter runsSuccess;
        final Counter runsFailure;
        final Counter skipped;
        Gauge info;

        TargetMeters(Target configured, TargetStatuses statuses, MeterRegistry registry, Duration[] buckets) {
            String target = configured.name();
            this.registry = registry;
            tags = Tags.of("target", target);
            GaugeRegistrar gauges = (name, help, gaugeTags, value) -> Gauge
                    .builder(name, statuses, all -> value.applyAsDouble(all.get(target)))
                    .description(help).tags(gaugeTags).register(registry);
            info = info(configured, configured.auth().flavor(), registry);
            gauges.register("cells.probe.tls.cert.expiry.timestamp.seconds",
                    "Earliest notAfter (Unix time) in the certificate chain the target's server presented last", tags,
                    status -> status.certificateExpiresAt().map(time -> (double) time.getEpochSecond())
                            .orElse(Double.NaN));
            gauges.register("cells.probe.success", "1 if the last probe of the target passed, 0 if it failed",
                    tags, status -> status.last().map(last -> last.success() ? 1.0 : 0.0).orElse(Double.NaN));
            gauges.register("cells.probe.last.run.timestamp.seconds", "Unix time the last probe of the target started",
                    tags, status -> status.last().map(last -> epochSeconds(last.startedAt())).orElse(0.0));
            gauges.register("cells.probe.last.success.timestamp.seconds",
                    "Unix time the last passing probe of the target started, 0 if none yet", tags,
                    status -> status.lastSuccess().map(ProbeMetrics::epochSeconds).orElse(0.0));
            gauges.register("cells.probe.consecutive.failures", "Failed probes of the target since the last pass", tags,
                    TargetStatus::consecutiveFailures);
            gauges.register("cells.probe.token.lifetime.seconds",
                    "Lifetime of the last token issued to the monitoring account (expires_in)", tags,
                    status -> status.tokenLifetimeSeconds().isPresent()
                            ? status.tokenLifetimeSeconds().getAsLong() : Double.NaN);
            gauges.register("cells.probe.token.expiry.timestamp.seconds",
                    "Unix time the last token issued to the monitoring account expires (id_token exp, session "
                            + "expiry, or a JWT personal access token's exp)", tags,
                    status -> status.tokenExpiresAt().map(time -> (double) time.getEpochSecond()).orElse(Double.NaN));
            gauges.register("cells.probe.backoff.seconds",
                    "Wait before the next attempt while backing off (rejected credentials, Retry-After), 0 on the "
                            + "normal schedule",
                    tags, status -> status.backoff().seconds());
            gauges.register("cells.probe.credentials.suspended",
                    "1 when rejected credentials stopped all logins until they change, else 0", tags,
                    status -> status.backoff().suspended() ? 1 : 0);
            gauges.register("cells.probe.credential.rejections",
                    "Refused logins in a row since the last success, counted against the account (Cells locks it "
                            + "at 10)",
                    tags, TargetStatus::credentialRejections);
            for (Phase step : Phase.stepsFor(configured.auth())) {
                Tags phase = tags.and("phase", step.label());
                gauges.register("cells.probe.http.status.code",
                        "HTTP status of the last answer in the phase, 0 if there was none", phase,
                        status -> status.last().map(last -> last.httpStatus().getOrDefault(step, 0)).orElse(0));
                step.reasons(configured.auth()).forEach(reason -> failures(step, reason));
                durations.put(step, timer(step, buckets));
            }
            durations.put(Phase.TOTAL, timer(Phase.TOTAL, buckets));
            runsSuccess = runs(registry, tags, "success");
            runsFailure = runs(registry, tags, "failure");
            skipped = Counter.builder("cells.probe.skipped")
                    .description("Runs skipped because the previous probe of the target was still running")
                    .tags(tags).register(registry);
        }

        static Gauge info(Target target, Flavor flavor, MeterRegistry registry) {
            return Gauge.builder("cells.probe.target.info", () -> 1)
                    .description("Always 1: how the target logs in (for auto, the detected flavor) and whether "
                            + "its certificates go unchecked")
                    .tags("target", target.name(), "flavor", flavor.label(), "tls_insecure",
                            String.valueOf(target.tls().insecure()))
                    .register(registry);
        }

        private Timer timer(Phase phase, Duration[] buckets) {
            return Timer.builder("cells.probe.duration")
                    .description("Time taken by each step of the probe and by the whole probe (phase total)")
                    .tags(tags.and("phase", phase.label()))
                    .serviceLevelObjectives(buckets)
                    .register(registry);
        }

        /**
         * The failure counter of a (step, reason) pair: registered at start-up for every pair of
         * {@link Phase#reasons}; a pair outside them (a bug there) is still counted, from its first failure.
         */
        Counter failures(Phase step, FailureReason reason) {
            return failures.computeIfAbsent(step, unused -> new EnumMap<>(FailureReason.class))
                    .computeIfAbsent(reason, unused -> Counter.builder("cells.probe.failures")
                            .description("Failed probes by the phase that failed and a bounded reason")
                            .tags(tags.and("phase", step.label(), "reason", reason.label()))
                            .register(registry));
        }

        private static Counter runs(MeterRegistry registry, Tags tags, String result) {
            return Counter.builder("cells.probe.runs").description("Probes run, by result")
                    .tags(tags.and("result", result)).register(registry);
        }
    }

    @FunctionalInterface
    private interface GaugeRegistrar {
        void register(String name, String help, Tags tags, ToDoubleFunction<TargetStatus> value);
    }
}
