package io.cellsprobe.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.ProbeSink;
import io.cellsprobe.status.ProbeSinks;
import io.cellsprobe.probe.Refusal;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.TestResults;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** A probe on request never adds load the schedule would not: it joins, replaces a tick, and is rate-limited. */
class ProbeOnRequestTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private Vertx vertx;
    private CellsV1Server cells;
    private TargetLoop loop;
    private final List<ProbeResult> results = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCells() {
        vertx = Vertx.vertx();
        cells = CellsV1Server.healthy(Account.MONITOR);
    }

    @AfterEach
    void stopAll() {
        if (loop != null) {
            vertx.undeploy(loop.deploymentID()).toCompletionStage().toCompletableFuture().join();
        }
        cells.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void probeOnRequestRunsNowInPlaceOfTheNextTick() throws Exception {
        loop = loop(new CellsLoginProbe(new CellsClient(vertx)), Duration.ofMillis(1500));

        ProbeResult now = loop.probeNow().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(now.success()).as("%s", now).isTrue();
        assertThat(now.requests()).extracting(request -> request.method() + " " + request.path())
                .containsExactly("POST /auth/dex/token", "GET /a/user/" + Account.MONITOR.username());
        // The tick planned 1.5 s after start is gone: the next probe comes an interval after this one.
        await().during(Duration.ofMillis(1400)).atMost(Duration.ofMillis(1900)).until(() -> results.size() == 1);
        await().atMost(Duration.ofSeconds(2)).until(() -> results.size() == 2);
    }

    @Test
    void probeOnRequestRunsAtMostOncePerInterval() throws Exception {
        loop = loop(new CellsLoginProbe(new CellsClient(vertx)), Duration.ofSeconds(60));
        loop.probeNow().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        Future<ProbeResult> again = loop.probeNow();

        await().atMost(Duration.ofSeconds(2)).until(again::isComplete);
        assertThat(again.failed()).isTrue();
        assertThat(again.cause()).isInstanceOf(ProbeOnRequestRefused.class);
        assertThat(((ProbeOnRequestRefused) again.cause()).retryAfter()).isPositive().isLessThanOrEqualTo(INTERVAL);
        assertThat(results).hasSize(1);
    }

    @Test
    void probeOnRequestJoinsTheProbeAlreadyRunning() throws Exception {
        Promise<ProbeResult> running = Promise.promise();
        AtomicInteger runs = new AtomicInteger();
        CellsLoginProbe held = new CellsLoginProbe(new CellsClient(vertx)) {
            @Override
            public Future<ProbeResult> run(Target target, Optional<Refusal> unresolved) {
                runs.incrementAndGet();
                return running.future();
            }
        };
        loop = loop(held, Duration.ZERO);
        await().atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 1);

        Future<ProbeResult> joined = loop.probeNow();
        ProbeResult result = TestResults.success(target());
        vertx.runOnContext(ignored -> running.complete(result));

        assertThat(joined.toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS)).isSameAs(result);
        assertThat(runs.get()).as("no second probe").isEqualTo(1);
    }

    private TargetLoop loop(CellsLoginProbe probe, Duration firstProbeIn) {
        Target target = target();
        TargetStatuses statuses = new TargetStatuses(new Targets(List.of(target)));
        ProbeSink recorder = (before, after) -> results.add(after.last().orElseThrow());
        TargetLoop created = new TargetLoop(target, probe, statuses, new ProbeSinks(List.of(recorder)));
        vertx.deployVerticle(created.firstProbeIn(firstProbeIn.toNanos(), Future.succeededFuture()))
                .toCompletionStage().toCompletableFuture().join();
        return created;
    }

    private Target target() {
        return TestTargets.at(cells.url(), cells.account()).name("acc").interval(INTERVAL)
                .timeout(Duration.ofSeconds(1)).build();
    }
}
