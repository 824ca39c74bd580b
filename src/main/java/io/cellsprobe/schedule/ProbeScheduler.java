package io.cellsprobe.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cellsprobe.cells.ClientWarmUp;
import io.cellsprobe.config.CredentialsChanged;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.ProbeSinks;
import io.cellsprobe.status.TargetStatuses;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Starts one {@link TargetLoop} per target, each at a random offset within its interval, so many
 * targets never fire in the same millisecond.
 *
 * <p>Why not Quarkus' {@code @Scheduled}: its simple scheduler checks triggers once a second, on the
 * whole second, so every target would fire in the same millisecond and sub-second precision would
 * be lost; a Vert.x timer per target costs nothing while it waits.
 */
@ApplicationScoped
public class ProbeScheduler {

    private static final Logger LOG = Logger.getLogger(ProbeScheduler.class);

    /** How late a tick or how long past its timeout a probe may be before liveness calls it stalled. */
    static final Duration STALL_GRACE = Duration.ofSeconds(30);
    /**
     * How long a TLS target's first probe may wait for the client's TLS warm-up (about 3 s on an idle
     * 2-core machine, 8 to 20 s under load): long enough for the first probes to time Cells' handshake,
     * not the JVM compiling its own (bench/README.md, section 1b); short enough not to hide an outage.
     */
    static final Duration TLS_WARM_UP_WAIT = Duration.ofSeconds(10);

    private final List<TargetLoop> loops;
    private final Vertx vertx;
    private volatile boolean running;

    private final TargetStatuses statuses;
    private final ProbeSinks sinks;
    private final ClientWarmUp warmUp;

    public ProbeScheduler(Targets targets, Vertx vertx, CellsLoginProbe probe, TargetStatuses statuses,
            ProbeSinks sinks, ClientWarmUp warmUp) {
        this.vertx = vertx;
        this.warmUp = warmUp;
        this.statuses = statuses;
        this.sinks = sinks;
        this.loops = targets.all().stream()
                .map(target -> new TargetLoop(target, probe, statuses, sinks))
                .toList();
    }

    void start(@Observes StartupEvent event) {
        // Past the wait, the timeout's failure only ends the hold.
        Future<Void> tlsWarm = warmUp.tlsWarmedUp().timeout(TLS_WARM_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .otherwiseEmpty();
        List<Future<String>> deployed = new ArrayList<>();
        for (TargetLoop loop : loops) {
            long offset = ThreadLocalRandom.current().nextLong(loop.target().interval().toNanos());
            boolean tls = loop.target().usesTls();
            deployed.add(vertx.deployVerticle(loop.firstProbeIn(offset,
                    tls ? tlsWarm : Future.succeededFuture())));
            LOG.infof("Probing target %s (%s, flavor %s) every %d ms, first probe in %d ms%s", loop.target().name(),
                    loop.target().url(), loop.target().auth().flavor().label(), loop.target().interval().toMillis(),
                    offset / 1_000_000, tls && !tlsWarm.isComplete()
                            ? " or after the TLS warm-up (at most " + TLS_WARM_UP_WAIT.toSeconds() + " s)" : "");
            if (loop.target().tls().insecure()) {
                LOG.warnf("Target %s: tls.insecure is on: its certificates and host names are NOT verified, so an "
                        + "expired or forged certificate goes unnoticed", loop.target().name());
            }
        }
        // Deploying only creates contexts and arms timers: a few milliseconds even for thousands of
        // targets. Waited for so that probeNow and stop always find a deployed loop.
        Future.all(deployed).toCompletionStage().toCompletableFuture().join();
        running = true;
    }

    /**
     * A rotated password or API secret lifts a suspension or a backoff: the next login may work. The
     * sinks hear of it, so the state log says the target left SUSPENDED.
     */
    void credentialsChanged(@Observes CredentialsChanged event) {
        for (TargetLoop loop : loops) {
            if (loop.target().name().equals(event.target())
                    && !statuses.get(event.target()).backoff().onNormalSchedule()) {
                sinks.resumed(statuses.resume(event.target()));
                loop.resume();
            }
        }
    }

    /**
     * A probe of {@code target} on request: the running one, or one now in place of the next tick.
     *
     * @return empty when there is no such target
     */
    public Optional<Future<ProbeResult>> probeNow(String target) {
        return loops.stream().filter(loop -> loop.target().name().equals(target)).findFirst()
                .map(TargetLoop::probeNow);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        loops.forEach(loop -> vertx.undeploy(loop.deploymentID()));
    }

    public boolean isRunning() {
        return running;
    }

    public int targetCount() {
        return loops.size();
    }

    /** Stalled loops, for liveness: a tick far too late, or a probe stuck far past its timeout. */
    public List<String> stalls() {
        long now = System.nanoTime();
        return loops.stream()
                .map(loop -> loop.stall(now, STALL_GRACE.toNanos()))
                .flatMap(Optional::stream)
                .toList();
    }
}
