package io.cellsprobe.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.cells.ClientWarmUp;
import io.cellsprobe.config.LockoutSettings;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.status.Backoff;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.ProbeSink;
import io.cellsprobe.status.ProbeSinks;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatus.State;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.simulator.SimulatedCellsServer;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Vertx;

/**
 * The monitor against a simulated Cells v1 whose database goes down (it then refuses the right
 * password exactly like a wrong one), and against a wrong password kept for a long time: the account
 * never pays for an outage, and a wrong password never spends more than max-credential-rejections.
 * Intervals are 100 to 200 ms, so minutes and hours of a real schedule pass in seconds.
 */
class DatabaseOutageTest {

    private Vertx vertx;
    private SimulatedCellsServer cells;
    private ProbeScheduler scheduler;
    private TargetStatuses statuses;
    private final List<TargetStatus> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCells() {
        vertx = Vertx.vertx();
        cells = SimulatedCellsServer.start(vertx);
    }

    @AfterEach
    void stopAll() {
        if (scheduler != null) {
            SchedulerHarness.stop(scheduler);
        }
        cells.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void outageOfManyIntervalsWithATokenHeldIsBackendUnavailableAndCostsOneRefusedLogin() {
        start(target(SimulatedCellsServer.PASSWORD, LockoutSettings.DEFAULT));
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty() && last().success());

        cells.cells().setFault("database-down");
        Instant down = Instant.now();
        await().atMost(Duration.ofSeconds(15)).until(() -> resultsStartedAfter(down).size() >= 12);
        Instant healed = heal();

        assertOutageBlamedOnCellsAtTheCostOfOneRefusedLogin(down, healed);
    }

    @Test
    void outageFromStartUpWithNoTokenHeldIsBackendUnavailableAndCostsOneRefusedLogin() {
        cells.cells().setFault("database-down");
        Instant down = Instant.now();
        start(target(SimulatedCellsServer.PASSWORD, LockoutSettings.DEFAULT));
        await().atMost(Duration.ofSeconds(15)).until(() -> resultsStartedAfter(down).size() >= 12);
        int loginsDuringOutage = cells.passwordLogins();
        Instant healed = heal();

        assertThat(loginsDuringOutage).as("password logins during the outage").isEqualTo(1);
        assertOutageBlamedOnCellsAtTheCostOfOneRefusedLogin(down, healed);
    }

    @Test
    void wrongPasswordKeptForHoursSpendsAtMostMaxCredentialRejections() {
        LockoutSettings lockout = new LockoutSettings(3, 8, Duration.ofMillis(100), Duration.ofMinutes(10));
        start(target("a-wrong-password", lockout));

        await().atMost(Duration.ofSeconds(20)).until(() -> statuses.get(target().name()).backoff().stopped());
        assertNoLoginAfterTheBudgetIsSpent(lockout);

        assertThat(statuses.get(target().name()).state()).isEqualTo(State.SUSPENDED);
        assertThat(statuses.get(target().name()).backoff()).isEqualTo(Backoff.STOPPED);
        assertThat(seen).filteredOn(status -> status.state() == State.SUSPENDED).isNotEmpty();
        assertThat(seen.get(2).state()).as("suspended at max-credential-attempts").isEqualTo(State.SUSPENDED);
        assertThat(seen.get(1).state()).isNotEqualTo(State.SUSPENDED);
    }

    @Test
    void evidenceFlappingWhileThePasswordIsWrongStillSpendsAtMostMaxCredentialRejections() {
        LockoutSettings lockout = new LockoutSettings(3, 8, Duration.ofMillis(100), Duration.ofMinutes(10));
        start(target("a-wrong-password", lockout));
        AtomicInteger ticks = new AtomicInteger();
        long flapper = vertx.setPeriodic(70, timer -> cells.cells()
                .setFault(ticks.incrementAndGet() % 2 == 0 ? "database-down" : "none"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses.get(target().name()).backoff().stopped());
        } finally {
            vertx.cancelTimer(flapper);
        }
        assertNoLoginAfterTheBudgetIsSpent(lockout);
        assertThat(seen).extracting(DatabaseOutageTest::reason).as("the evidence flapped")
                .contains(FailureReason.BACKEND_UNAVAILABLE, FailureReason.CREDENTIALS_REJECTED);
    }

    /**
     * The monitor counted exactly max-credential-rejections, sends nothing after, and Cells never
     * reached its lockout. Cells may count one login more than the monitor: a first login whose answer
     * came too late, before any refusal put the password in doubt.
     */
    private void assertNoLoginAfterTheBudgetIsSpent(LockoutSettings lockout) {
        assertThat(statuses.get(target().name()).credentialRejections()).isEqualTo(lockout.maxCredentialRejections());
        int logins = cells.passwordLogins();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> cells.passwordLogins() == logins);
        assertThat(logins).as("password logins").isBetween(lockout.maxCredentialRejections(),
                lockout.maxCredentialRejections() + 1);
        assertThat(cells.consecutiveWrongPasswords()).as("what Cells counts toward its lockout at 10")
                .isLessThanOrEqualTo(lockout.maxCredentialRejections() + 1);
        assertThat(cells.accountBlocked()).isFalse();
    }

    private void start(Target target) {
        Targets targets = new Targets(List.of(target));
        statuses = new TargetStatuses(targets);
        ProbeSink recorder = (before, after) -> seen.add(after);
        scheduler = new ProbeScheduler(targets, vertx, new CellsLoginProbe(new CellsClient(vertx)), statuses,
                new ProbeSinks(List.of(recorder)), new ClientWarmUp(vertx, new CellsClient(vertx), 0, 0));
        SchedulerHarness.start(scheduler);
    }

    private Target target(String password, LockoutSettings lockout) {
        return TestTargets.at(cells.url()).name("sim").apiKey(SimulatedCellsServer.API_KEY)
                .apiSecret(TestTargets.fixed(SimulatedCellsServer.API_SECRET)).username(SimulatedCellsServer.USERNAME)
                .password(TestTargets.fixed(password))
                .interval(Duration.ofMillis(200)).timeout(Duration.ofMillis(150)).lockout(lockout).build();
    }

    private Target target() {
        return statuses.all().iterator().next().target();
    }

    private Instant heal() {
        cells.cells().setFault("none");
        return Instant.now();
    }

    /** Every probe of the outage said backend_unavailable, none suspended, and the first one after it passed. */
    private void assertOutageBlamedOnCellsAtTheCostOfOneRefusedLogin(Instant down, Instant healed) {
        assertThat(statusesBetween(down, healed)).isNotEmpty().allSatisfy(status -> {
            assertThat(status.state()).isNotEqualTo(State.SUSPENDED);
            assertThat(reason(status)).isEqualTo(FailureReason.BACKEND_UNAVAILABLE);
        });
        assertThat(cells.refusedLogins()).as("refused logins during the outage").isEqualTo(1);
        assertFirstRunAfterHealingSucceeds(healed);
    }

    private void assertFirstRunAfterHealingSucceeds(Instant healed) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !resultsStartedAfter(healed).isEmpty());
        ProbeResult first = resultsStartedAfter(healed).get(0);
        assertThat(first.success()).as("the first run after the database is back: %s", first).isTrue();
    }

    private TargetStatus lastStatus() {
        return seen.get(seen.size() - 1);
    }

    private ProbeResult last() {
        return lastStatus().last().orElseThrow();
    }

    private List<ProbeResult> resultsStartedAfter(Instant time) {
        return seen.stream().map(status -> status.last().orElseThrow())
                .filter(result -> result.startedAt().isAfter(time)).toList();
    }

    /** Statuses after results that started and ended within the outage. */
    private List<TargetStatus> statusesBetween(Instant from, Instant to) {
        return seen.stream().filter(status -> {
            ProbeResult result = status.last().orElseThrow();
            return result.startedAt().isAfter(from) && result.startedAt().plus(result.total()).isBefore(to);
        }).toList();
    }

    private static FailureReason reason(TargetStatus status) {
        return status.last().flatMap(ProbeResult::failure).map(ProbeFailure::reason).orElse(null);
    }
}
