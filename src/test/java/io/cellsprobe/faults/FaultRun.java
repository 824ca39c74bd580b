package io.cellsprobe.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.cells.ClientWarmUp;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.metrics.ProbeMetrics;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.probe.Refusal;
import io.cellsprobe.status.ProbeSink;
import io.cellsprobe.status.ProbeSinks;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.schedule.ProbeScheduler;
import io.cellsprobe.schedule.SchedulerHarness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The real monitor for one target, outside CDI: the real scheduler, the real probe on a real Vert.x
 * HTTP client, the real metrics in a Micrometer registry, and a recording sink after the metrics
 * sink. The probe is subclassed only to note when each run starts (to check the schedule) without
 * changing what it does.
 */
final class FaultRun implements AutoCloseable {

    /** How much longer than its timeout a probe may take, all included. */
    static final Duration MARGIN = Duration.ofMillis(500);
    /** How far a probe start may be from its planned time. */
    static final Duration SCHEDULE_TOLERANCE = Duration.ofMillis(300);

    /**
     * One finished probe.
     *
     * @param startNanos when the scheduler called the probe
     * @param endNanos when the result reached the sinks
     * @param runsTotalAtArrival {@code cells_probe_runs_total} (success + failure) when the result
     *        reached the recorder, i.e. right after the metrics sink counted it
     * @param backoffSecondsAtArrival {@code cells_probe_backoff_seconds} right after this result
     * @param suspendedAtArrival {@code cells_probe_credentials_suspended} right after this result
     */
    record Probe(long startNanos, long endNanos, ProbeResult result, TargetStatus status, double runsTotalAtArrival,
            double backoffSecondsAtArrival, double suspendedAtArrival) {

        Duration wallTime() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        ProbeFailure failure() {
            return result.failure().orElseThrow(() -> new AssertionError("expected a failure, got " + result));
        }
    }

    final Target target;
    final Vertx vertx;
    final MeterRegistry registry = new SimpleMeterRegistry();
    final TargetStatuses statuses;
    private final ProbeScheduler scheduler;
    private final List<Long> starts = new CopyOnWriteArrayList<>();
    private final List<Probe> probes = new CopyOnWriteArrayList<>();
    private final AtomicInteger skipped = new AtomicInteger();
    private boolean stopped;

    private FaultRun(Target target, long maxBodyBytes) {
        this.target = target;
        this.vertx = Vertx.vertx();
        Targets targets = new Targets(List.of(target));
        this.statuses = new TargetStatuses(targets);
        // The buckets do not matter here: the matrix reads counters and gauges.
        ProbeMetrics metrics = new ProbeMetrics(targets, statuses, registry, List.of(Duration.ofSeconds(1)));
        ProbeSink recorder = new ProbeSink() {
            @Override
            public void onProbe(TargetStatus before, TargetStatus after) {
                long end = System.nanoTime();
                ProbeResult result = after.last().orElseThrow();
                int index = probes.size();
                long start = index < starts.size() ? starts.get(index) : Long.MIN_VALUE;
                probes.add(new Probe(start, end, result, after, runs("success") + runs("failure"),
                        gauge("cells.probe.backoff.seconds"), gauge("cells.probe.credentials.suspended")));
            }

            @Override
            public void onSkipped(String name) {
                skipped.incrementAndGet();
            }
        };
        CellsLoginProbe probe = new CellsLoginProbe(new CellsClient(vertx, maxBodyBytes)) {
            @Override
            public Future<ProbeResult> run(Target probed, Optional<Refusal> unresolved) {
                starts.add(System.nanoTime());
                return super.run(probed, unresolved);
            }
        };
        this.scheduler = new ProbeScheduler(targets, vertx, probe, statuses,
                new ProbeSinks(List.of(metrics, recorder)), new ClientWarmUp(vertx, new CellsClient(vertx), 0, 0));
    }

    static FaultRun start(Target target) {
        return start(target, CellsClient.DEFAULT_MAX_BODY_BYTES);
    }

    static FaultRun start(Target target, long maxBodyBytes) {
        FaultRun run = new FaultRun(target, maxBodyBytes);
        SchedulerHarness.start(run.scheduler);
        return run;
    }

    /**
     * Waits for {@code count} finished probes; {@code gaps} is the longest expected wait between
     * starts (the interval unless backing off).
     */
    List<Probe> awaitProbes(int count, Duration gaps) {
        Duration atMost = target.interval() // random first offset
                .plus(gaps.multipliedBy(count - 1))
                .plus(target.timeout()).plus(Duration.ofSeconds(2));
        await().atMost(atMost).pollInterval(Duration.ofMillis(10)).until(() -> probes.size() >= count);
        return probes();
    }

    List<Probe> awaitProbes(int count) {
        return awaitProbes(count, target.interval());
    }

    /** Stops the scheduler and waits until the probe in flight, if any, has reached the sinks. */
    List<Probe> stopAndSettle() {
        if (!stopped) {
            stopped = true;
            SchedulerHarness.stop(scheduler);
            // A tick already queued when stop() ran may still start one probe: let everything land.
            await().pollDelay(Duration.ofMillis(50)).atMost(target.timeout().plus(Duration.ofSeconds(2)))
                    .until(() -> starts.size() == probes.size());
        }
        return probes();
    }

    List<Probe> probes() {
        return List.copyOf(probes);
    }

    List<Long> starts() {
        return List.copyOf(starts);
    }

    int skipped() {
        return skipped.get();
    }

    double runs(String result) {
        return registry.get("cells.probe.runs").tag("target", target.name()).tag("result", result).counter().count();
    }

    double failures(Phase phase, FailureReason reason) {
        return registry.get("cells.probe.failures").tag("target", target.name()).tag("phase", phase.label())
                .tag("reason", reason.label()).counter().count();
    }

    double gauge(String name) {
        return registry.get(name).tag("target", target.name()).gauge().value();
    }

    double httpStatusGauge(Phase phase) {
        return registry.get("cells.probe.http.status.code").tag("target", target.name())
                .tag("phase", phase.label()).gauge().value();
    }

    // --- the assertions every fault shares ---

    /**
     * Stops the run and checks the four promises of the fault matrix: every probe failed in
     * {@code phase} for {@code reason}; each ended within timeout + {@link #MARGIN}; the run
     * counters add up to the results exactly; consecutive starts were {@code gaps} apart (one per gap,
     * the last repeated; the interval when none is given).
     */
    List<Probe> assertFault(Phase phase, FailureReason reason, Duration... gaps) {
        List<Probe> all = stopAndSettle();
        assertThat(all).as("finished probes").hasSizeGreaterThanOrEqualTo(2);
        for (Probe probe : all) {
            ProbeFailure failure = probe.failure();
            assertThat(failure.reason()).as("reason of %s (detail: %s)", probe.result(), failure.detail())
                    .isEqualTo(reason);
            assertThat(failure.phase()).as("phase of %s (detail: %s)", probe.result(), failure.detail())
                    .isEqualTo(phase);
        }
        if (Boolean.getBoolean("faults.verbose")) {
            System.out.printf("fault %s/%s: totals %s ms, start gaps %s ms%n", phase.label(), reason.label(),
                    all.stream().map(probe -> probe.result().total().toMillis()).toList(), gapsMillis());
        }
        assertEndedWithinTimeout();
        assertCountedExactly();
        assertThat(phase.reasons(target.auth())).as("reasons of %s (their counters are pre-set)", phase.label())
                .contains(reason);
        assertThat(failures(phase, reason)).as("cells_probe_failures_total{phase=%s,reason=%s}", phase.label(),
                reason.label()).isEqualTo(all.size());
        assertStartGaps(gaps.length == 0 ? new Duration[] { target.interval() } : gaps);
        return all;
    }

    /** Every probe ended within its timeout plus the margin, by its own clock and by the wall clock. */
    void assertEndedWithinTimeout() {
        Duration limit = target.timeout().plus(MARGIN);
        for (Probe probe : probes()) {
            assertThat(probe.result().total()).as("total duration of %s", probe.result()).isLessThanOrEqualTo(limit);
            assertThat(probe.wallTime()).as("wall time from start to result of %s", probe.result())
                    .isLessThanOrEqualTo(limit);
        }
    }

    /**
     * runs_total{success} + runs_total{failure} equals the number of results, exactly: at each
     * result's arrival and at the end; every started probe ended once; nothing was skipped.
     */
    void assertCountedExactly() {
        List<Probe> all = stopAndSettle();
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).runsTotalAtArrival()).as("runs_total when result %d arrived", i + 1)
                    .isEqualTo(i + 1);
        }
        long successes = all.stream().filter(probe -> probe.result().success()).count();
        assertThat(runs("success")).as("cells_probe_runs_total{result=success}").isEqualTo(successes);
        assertThat(runs("failure")).as("cells_probe_runs_total{result=failure}").isEqualTo(all.size() - successes);
        assertThat(runs("success") + runs("failure")).as("runs_total success + failure").isEqualTo(all.size());
        double failuresByReason = registry.find("cells.probe.failures").tag("target", target.name()).counters()
                .stream().mapToDouble(Counter::count).sum();
        assertThat(failuresByReason).as("sum of cells_probe_failures_total").isEqualTo(all.size() - successes);
        assertThat(starts()).as("probe starts").hasSize(all.size());
        assertThat(skipped()).as("skipped runs").isZero();
        assertThat(registry.get("cells.probe.skipped").counter().count()).as("cells_probe_skipped_total").isZero();
    }

    /** The i-th gap between probe starts is {@code gaps[i]} (the last one repeats), within the tolerance. */
    void assertStartGaps(Duration... gaps) {
        List<Long> all = starts();
        List<Duration> actual = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            actual.add(Duration.ofNanos(all.get(i) - all.get(i - 1)));
        }
        for (int i = 0; i < actual.size(); i++) {
            Duration expected = gaps[Math.min(i, gaps.length - 1)];
            assertThat(actual.get(i)).as("gap between probe starts %d and %d (all gaps: %s ms)", i + 1, i + 2,
                    actual.stream().map(Duration::toMillis).toList())
                    .isBetween(expected.minus(SCHEDULE_TOLERANCE), expected.plus(SCHEDULE_TOLERANCE));
        }
    }

    private List<Long> gapsMillis() {
        List<Long> all = starts();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(all.get(i) - all.get(i - 1)));
        }
        return gaps;
    }

    @Override
    public void close() throws Exception {
        stopAndSettle();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
