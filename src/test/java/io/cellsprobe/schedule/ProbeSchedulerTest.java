package io.cellsprobe.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.cells.ClientWarmUp;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.probe.Refusal;
import io.cellsprobe.status.ProbeSink;
import io.cellsprobe.status.ProbeSinks;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

class ProbeSchedulerTest {

    private Vertx vertx;
    private CellsV1Server cells;
    private ServerSocket silentServer;
    private final List<Socket> heldConnections = new CopyOnWriteArrayList<>();
    private final Map<String, List<ProbeResult>> results = new ConcurrentHashMap<>();
    private final AtomicInteger skipped = new AtomicInteger();
    private final Set<String> probeThreads = ConcurrentHashMap.newKeySet();
    private ProbeScheduler scheduler;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        cells = CellsV1Server.healthy(Account.MONITOR);
        // Accepts connections and never answers: a Cells that hangs.
        silentServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silentServer.isClosed()) {
                try {
                    heldConnections.add(silentServer.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (scheduler != null) {
            scheduler.stop(null);
        }
        silentServer.close();
        for (Socket socket : heldConnections) {
            socket.close();
        }
        cells.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void hangingTargetNeverDelaysAnotherTarget() {
        Target hanging = target("hanging", "http://127.0.0.1:" + silentServer.getLocalPort(), 1000, 900);
        Target healthy = target("healthy", cells.url(), 500, 400);
        scheduler = schedule(new CellsLoginProbe(new CellsClient(vertx)), hanging, healthy);

        await().atMost(Duration.ofSeconds(15)).until(() -> runs("healthy").size() >= 8 && runs("hanging").size() >= 2);

        List<ProbeResult> healthyRuns = runs("healthy");
        // The very first probes may time out while the JVM warms WireMock up; later ones must pass.
        assertThat(healthyRuns.subList(healthyRuns.size() - 4, healthyRuns.size())).allMatch(ProbeResult::success);
        for (int i = 1; i < healthyRuns.size(); i++) {
            Duration gap = Duration.between(healthyRuns.get(i - 1).startedAt(), healthyRuns.get(i).startedAt());
            // Fixed rate at 500 ms; generous bounds because CI machines are noisy.
            assertThat(gap).as("gap between probes %d and %d", i - 1, i)
                    .isBetween(Duration.ofMillis(300), Duration.ofMillis(700));
        }
        assertThat(runs("hanging")).allSatisfy(result -> {
            assertThat(result.failure().orElseThrow().reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(result.total()).isLessThan(Duration.ofMillis(1500));
        });
        assertThat(scheduler.stalls()).isEmpty();
    }

    @Test
    void runThatWouldOverlapIsSkippedAndCounted() {
        Target target = target("stuck", cells.url(), 200, 100);
        scheduler = schedule(neverEndingProbe(), target);

        await().atMost(Duration.ofSeconds(5)).until(() -> skipped.get() >= 2);

        assertThat(runs("stuck")).isEmpty();
    }

    @Test
    void probeStuckFarPastItsTimeoutIsAStall() {
        Target target = target("stuck", cells.url(), 200, 100);
        TargetLoop loop = new TargetLoop(target, neverEndingProbe(), new TargetStatuses(new Targets(List.of(target))),
                new ProbeSinks(List.of()));
        vertx.deployVerticle(loop.firstProbeIn(0, Future.succeededFuture())).toCompletionStage()
                .toCompletableFuture().join();
        long startedBefore = System.nanoTime();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> loop.stall(System.nanoTime(), 0).isPresent());

            long grace = ProbeScheduler.STALL_GRACE.toNanos();
            assertThat(loop.stall(startedBefore + grace, grace)).as("within its timeout plus the grace").isEmpty();
            long farPast = System.nanoTime() + grace + Duration.ofSeconds(5).toNanos();
            assertThat(loop.stall(farPast, grace)).as("the running probe, not a late tick")
                    .hasValueSatisfying(reason -> assertThat(reason).contains("probe of target stuck running for")
                            .contains("far past its timeout"));
        } finally {
            vertx.undeploy(loop.deploymentID());
        }
    }

    @Test
    void firstProbesOfManyTargetsAreSpreadOverTheInterval() {
        Target[] targets = targets(20, cells.url(), 2000, 1000);
        scheduler = schedule(new CellsLoginProbe(new CellsClient(vertx)), targets);

        await().atMost(Duration.ofSeconds(5)).until(() -> results.size() == targets.length);

        List<Instant> firstStarts = firstStarts();
        Duration spread = Duration.between(firstStarts.get(0), firstStarts.get(firstStarts.size() - 1));
        assertThat(spread).as("random offsets within the 2 s interval").isGreaterThan(Duration.ofMillis(500));
    }

    @Test
    void targetsAreSpreadOverTheEventLoops() {
        // Started from this one thread, as Quarkus starts them all from main.
        Target[] targets = targets(8, cells.url(), 500, 400);
        scheduler = schedule(new CellsLoginProbe(new CellsClient(vertx)), targets);

        await().atMost(Duration.ofSeconds(5)).until(() -> results.size() == targets.length);

        assertThat(probeThreads).as("event-loop threads the probes' results arrived on (Vert.x has %d)",
                VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE).hasSizeGreaterThan(1)
                .allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
    }

    @Test
    void firstProbeOfTlsTargetWaitsForTheTlsWarmUp() {
        Promise<Void> tlsWarm = Promise.promise();
        ClientWarmUp warmUp = tlsWarmUpUntil(tlsWarm.future());
        // Nothing listens there: a connect failure is a result as good as any.
        Target tls = target("tls", "https://127.0.0.1:" + silentServer.getLocalPort(), 300, 200);
        Target plain = target("plain", cells.url(), 300, 200);
        scheduler = schedule(new CellsLoginProbe(new CellsClient(vertx)), warmUp, tls, plain);

        await().atMost(Duration.ofSeconds(5)).until(() -> runs("plain").size() >= 3);
        assertThat(runs("tls")).as("no TLS probe before the TLS warm-up is over").isEmpty();

        tlsWarm.complete();
        await().atMost(Duration.ofSeconds(5)).until(() -> !runs("tls").isEmpty());
    }

    @Test
    void tlsTargetIsProbedAfterTheWaitWhenTheWarmUpNeverEnds() {
        ClientWarmUp warmUp = tlsWarmUpUntil(Promise.<Void> promise().future());
        Target tls = target("tls", "https://127.0.0.1:" + silentServer.getLocalPort(), 300, 200);
        long started = System.nanoTime();
        scheduler = schedule(new CellsLoginProbe(new CellsClient(vertx)), warmUp, tls);

        await().atMost(ProbeScheduler.TLS_WARM_UP_WAIT.plusSeconds(5)).until(() -> !runs("tls").isEmpty());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("held for the whole wait, no longer")
                .isGreaterThanOrEqualTo(ProbeScheduler.TLS_WARM_UP_WAIT);
    }

    @Test
    void tlsTargetsHeldByTheWarmUpStaySpreadOverTheInterval() {
        Promise<Void> tlsWarm = Promise.promise();
        ClientWarmUp warmUp = tlsWarmUpUntil(tlsWarm.future());
        Target[] targets = targets(20, "https://127.0.0.1:" + silentServer.getLocalPort(), 3000, 200);
        scheduler = schedule(new CellsLoginProbe(new CellsClient(vertx)), warmUp, targets);
        // About two thirds of the first ticks fall within the hold.
        vertx.setTimer(2000, held -> tlsWarm.complete());

        await().atMost(Duration.ofSeconds(8)).until(() -> results.size() == targets.length);

        List<Instant> firstStarts = firstStarts();
        for (int i = 0; i + 4 < firstStarts.size(); i++) {
            assertThat(Duration.between(firstStarts.get(i), firstStarts.get(i + 4)))
                    .as("five first probes within 10 ms: the held targets started together (and would stay in step)")
                    .isGreaterThan(Duration.ofMillis(10));
        }
    }

    /** A warm-up whose HTTPS part is over when {@code over} completes. */
    private ClientWarmUp tlsWarmUpUntil(Future<Void> over) {
        return new ClientWarmUp(vertx, new CellsClient(vertx), 0, 0) {
            @Override
            public Future<Void> tlsWarmedUp() {
                return over;
            }
        };
    }

    private ProbeScheduler schedule(CellsLoginProbe probe, Target... targets) {
        return schedule(probe, new ClientWarmUp(vertx, new CellsClient(vertx), 0, 0), targets);
    }

    private ProbeScheduler schedule(CellsLoginProbe probe, ClientWarmUp warmUp, Target... targets) {
        ProbeSink recorder = new ProbeSink() {
            @Override
            public void onProbe(TargetStatus before, TargetStatus after) {
                ProbeResult result = after.last().orElseThrow();
                probeThreads.add(Thread.currentThread().getName());
                results.computeIfAbsent(result.target(), name -> new CopyOnWriteArrayList<>()).add(result);
            }

            @Override
            public void onSkipped(String target) {
                skipped.incrementAndGet();
            }
        };
        Targets all = new Targets(List.of(targets));
        ProbeScheduler created = new ProbeScheduler(all, vertx, probe, new TargetStatuses(all),
                new ProbeSinks(List.of(recorder)), warmUp);
        created.start(null);
        return created;
    }

    private CellsLoginProbe neverEndingProbe() {
        return new CellsLoginProbe(new CellsClient(vertx)) {
            @Override
            public Future<ProbeResult> run(Target target, Optional<Refusal> unresolved) {
                return Promise.<ProbeResult> promise().future();
            }
        };
    }

    private List<ProbeResult> runs(String target) {
        return results.getOrDefault(target, List.of());
    }

    /** The start of each target's first probe, earliest first. */
    private List<Instant> firstStarts() {
        return results.values().stream().map(runs -> runs.get(0).startedAt()).sorted().toList();
    }

    /** {@code count} targets t0, t1, ... at the same URL. */
    private static Target[] targets(int count, String url, long intervalMillis, long timeoutMillis) {
        Target[] targets = new Target[count];
        for (int i = 0; i < count; i++) {
            targets[i] = target("t" + i, url, intervalMillis, timeoutMillis);
        }
        return targets;
    }

    private static Target target(String name, String url, long intervalMillis, long timeoutMillis) {
        return TestTargets.at(url, Account.MONITOR).name(name).interval(Duration.ofMillis(intervalMillis))
                .timeout(Duration.ofMillis(timeoutMillis)).build();
    }
}
