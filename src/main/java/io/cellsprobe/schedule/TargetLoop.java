package io.cellsprobe.schedule;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.cellsprobe.config.Target;
import io.cellsprobe.status.Backoff;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.ProbeSinks;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.status.TargetStatuses.StatusChange;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The schedule of one target: a Vert.x timer on the target's own event-loop context, re-armed at
 * fixed rate from the planned (not the actual) start, so it neither drifts nor parks a thread. After
 * a result that calls for a {@link Backoff} the next start moves later, or, once the rejection budget
 * is spent, none is planned until {@link #resume()}.
 *
 * <p>A verticle only for its context: each deployment gets a new one on the next event loop, so the
 * targets' probes share the cores. {@code vertx.getOrCreateContext()} would not do: called from one
 * non-Vert.x thread it hands out the same context every time, and every probe ran on one event loop
 * (bench/README.md, "Every target on one event loop").
 */
final class TargetLoop extends AbstractVerticle {

    private static final Logger LOG = Logger.getLogger(TargetLoop.class);

    private static final long NOT_RUNNING = Long.MIN_VALUE;
    /** No tick planned (rejection budget spent): never "late". */
    private static final long NO_TICK = Long.MAX_VALUE;

    private final Target target;
    private final CellsLoginProbe probe;
    private final TargetStatuses statuses;
    private final ProbeSinks sinks;
    private final long intervalNanos;

    // Written on the loop's context, read by health checks on other threads.
    private volatile long nextPlannedNanos;
    private volatile long runningSinceNanos = NOT_RUNNING;
    private volatile boolean stopped;
    // Set before deployment (firstProbeIn), read on the loop's context.
    private Future<Void> notBefore = Future.succeededFuture();
    private long firstIntervalEndNanos;
    // Confined to the loop's context.
    private long timerId = -1;
    private Promise<ProbeResult> running;
    private long lastOnRequestNanos = NOT_RUNNING;
    private boolean probeBugLogged;

    TargetLoop(Target target, CellsLoginProbe probe, TargetStatuses statuses, ProbeSinks sinks) {
        this.target = target;
        this.probe = probe;
        this.statuses = statuses;
        this.sinks = sinks;
        this.intervalNanos = target.interval().toNanos();
    }

    /**
     * Plans the first probe {@code initialDelayNanos} from now, and not before {@code notBefore} has
     * completed; it is armed once deployed ({@link #start()}).
     */
    TargetLoop firstProbeIn(long initialDelayNanos, Future<Void> notBefore) {
        long now = System.nanoTime();
        nextPlannedNanos = now + initialDelayNanos;
        firstIntervalEndNanos = now + intervalNanos;
        this.notBefore = notBefore;
        return this;
    }

    @Override
    public void start() {
        notBefore.onComplete(ignored -> context.runOnContext(onContext -> arm(firstTick())));
    }

    /**
     * The planned first tick, or, when it passed while held, a random moment in what is left of the
     * first interval (a whole interval when nothing is): held targets must not all start at once and
     * stay in step ever after.
     */
    private long firstTick() {
        long now = System.nanoTime();
        if (nextPlannedNanos >= now) {
            return nextPlannedNanos;
        }
        long left = firstIntervalEndNanos - now;
        return now + ThreadLocalRandom.current().nextLong(left > 0 ? left : intervalNanos);
    }

    /** Undeployed: on the loop's context, so a tick queued before this sees {@code stopped}. */
    @Override
    public void stop() {
        stopped = true;
        vertx.cancelTimer(timerId);
    }

    /** Plans the next probe now, after a suspension or a backoff that no longer applies. */
    void resume() {
        context.runOnContext(ignored -> {
            if (runningSinceNanos == NOT_RUNNING) {
                arm(System.nanoTime());
            }
        });
    }

    Target target() {
        return target;
    }

    /** Why this loop looks stalled at {@code nowNanos}, if it does. */
    Optional<String> stall(long nowNanos, long graceNanos) {
        long running = runningSinceNanos;
        if (running != NOT_RUNNING && nowNanos - running > target.timeout().toNanos() + graceNanos) {
            return Optional.of("probe of target " + target.name() + " running for "
                    + TimeUnit.NANOSECONDS.toSeconds(nowNanos - running) + " s, far past its timeout");
        }
        long planned = nextPlannedNanos;
        if (planned != NO_TICK && nowNanos - planned > intervalNanos + graceNanos) {
            return Optional.of("scheduler tick of target " + target.name() + " is "
                    + TimeUnit.NANOSECONDS.toSeconds(nowNanos - planned) + " s late");
        }
        return Optional.empty();
    }

    private void arm(long plannedNanos) {
        vertx.cancelTimer(timerId);
        if (stopped) {
            return;
        }
        nextPlannedNanos = plannedNanos;
        // Rounded up: a timer that fires early would start a probe before its planned time.
        long delayMillis = Math.max(1, (plannedNanos - System.nanoTime() + 999_999) / 1_000_000);
        timerId = vertx.setTimer(delayMillis, ignored -> fire(plannedNanos));
    }

    private void fire(long plannedNanos) {
        if (stopped) {
            // A tick queued before stop() ran: no probe after shutdown.
            return;
        }
        long now = System.nanoTime();
        long next = plannedNanos + intervalNanos;
        while (next <= now) {
            next += intervalNanos;
        }
        arm(next);
        if (running != null) {
            sinks.skipped(target.name());
            return;
        }
        sinks.started(target.name(), Duration.ofNanos(Math.max(0, now - plannedNanos)));
        run(plannedNanos);
    }

    /**
     * A probe on request: joins the one running, else runs one now in place of the next tick (the
     * schedule moves to one interval from now), so a request never adds load the schedule would not;
     * at most one a interval. Fails with {@link ProbeOnRequestRefused} within an interval of the last.
     */
    Future<ProbeResult> probeNow() {
        Promise<ProbeResult> answer = Promise.promise();
        context.runOnContext(ignored -> {
            if (running != null) {
                running.future().onComplete(answer);
                return;
            }
            long now = System.nanoTime();
            if (stopped || (lastOnRequestNanos != NOT_RUNNING && now - lastOnRequestNanos < intervalNanos)) {
                answer.fail(new ProbeOnRequestRefused(Duration.ofNanos(
                        stopped ? intervalNanos : lastOnRequestNanos + intervalNanos - now)));
                return;
            }
            lastOnRequestNanos = now;
            arm(now + intervalNanos);
            run(now).onComplete(answer);
        });
        return answer.future();
    }

    /** Runs one probe now; its result is recorded, handed to the sinks and may move the next tick. */
    private Future<ProbeResult> run(long plannedNanos) {
        runningSinceNanos = System.nanoTime();
        Promise<ProbeResult> result = Promise.promise();
        running = result;
        probe.run(target, statuses.get(target.name()).unresolvedRefusal()).onComplete(done -> {
            runningSinceNanos = NOT_RUNNING;
            running = null;
            if (done.succeeded()) {
                finished(done.result(), plannedNanos);
                result.complete(done.result());
            } else {
                // run() always completes with a result: a failed future is a bug of ours, said once.
                if (!probeBugLogged) {
                    probeBugLogged = true;
                    LOG.errorf(done.cause(), "Probe of target %s ended without a result (a bug)", target.name());
                }
                result.fail(done.cause());
            }
        });
        return result.future();
    }

    private void finished(ProbeResult result, long plannedNanos) {
        StatusChange change = statuses.record(result);
        sinks.probed(change);
        Backoff backoff = change.after().backoff();
        if (backoff.stopped()) {
            vertx.cancelTimer(timerId);
            nextPlannedNanos = NO_TICK;
        } else if (!backoff.delay().orElseThrow().isZero()) {
            arm(plannedNanos + backoff.delay().orElseThrow().toNanos());
        }
    }
}
