package io.cellsprobe.schedule;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.cells.ClientWarmUp;
import io.cellsprobe.config.CredentialsChanged;
import io.cellsprobe.config.Secret;
import io.cellsprobe.config.SecretFile;
import io.cellsprobe.config.SecretSource;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.status.ProbeSink;
import io.cellsprobe.status.ProbeSinks;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatus.State;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Vertx;

/**
 * Cells blocks an account after 10 consecutive wrong passwords: the monitor must stop well before,
 * and must not start again until the password changes.
 */
class LockoutSafetyTest {

    @TempDir
    Path dir;

    private CellsV1Server cells;
    private Vertx vertx;
    private ProbeScheduler scheduler;
    private TargetStatuses statuses;
    private final List<State> resumedFrom = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        // a healthy Cells v1 (its bootconf answers: a refused login is the password); each test stubs the token answers
        cells = CellsV1Server.healthy(TestTargets.ACCOUNT);
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop(null);
        }
        cells.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void rejectedPasswordBacksOffDoublingThenSuspendsUntilThePasswordFileChanges() throws IOException {
        tokenAnswers(403, "{\"error\":\"access_denied\"}");
        Path passwordFile = Files.writeString(dir.resolve("password"), "wrong-password");
        SecretFile password = new SecretFile(passwordFile);
        Target target = target(SecretSource.fixed(Secret.of("secret")), password);
        start(target);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.get("acc").state() == State.SUSPENDED);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2))
                .until(() -> tokenRequestTimes().size() == 3);

        List<Instant> attempts = tokenRequestTimes();
        assertThat(attempts).as("exactly max-credential-attempts logins, then none").hasSize(3);
        Duration firstGap = Duration.between(attempts.get(0), attempts.get(1));
        Duration secondGap = Duration.between(attempts.get(1), attempts.get(2));
        assertThat(firstGap).as("first retry after twice the interval").isBetween(ms(300), ms(600));
        assertThat(secondGap).as("then doubling").isBetween(ms(700), ms(1100));
        assertThat(scheduler.stalls()).as("a suspended target is not a stalled scheduler").isEmpty();

        Files.writeString(passwordFile, "rotated-password");
        Files.setLastModifiedTime(passwordFile, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(password.refresh()).isTrue();
        scheduler.credentialsChanged(new CredentialsChanged("acc"));
        assertThat(resumedFrom).as("the sinks (and so the state log) hear of the resume").containsExactly(State.SUSPENDED);

        await().atMost(Duration.ofSeconds(5)).until(() -> tokenRequestTimes().size() == 4);
        LoggedRequest latestLogin = cells.findAll(postRequestedFor(urlPathEqualTo("/auth/dex/token"))).stream()
                .max(Comparator.comparing(LoggedRequest::getLoggedDate)).orElseThrow();
        assertThat(latestLogin.getBodyAsString()).contains("rotated-password");
    }

    @Test
    void rejectedClientBacksOffButIsNeverSuspended() {
        tokenAnswers(401, "{\"error\":\"invalid_client\"}");
        start(target(SecretSource.fixed(Secret.of("rotated-away")), SecretSource.fixed(Secret.of("pw"))));

        await().atMost(Duration.ofSeconds(10)).until(() -> tokenRequestTimes().size() >= 4);

        assertThat(statuses.get("acc").state()).isNotEqualTo(State.SUSPENDED);
        assertThat(statuses.get("acc").backoff().delay()).as("capped at max-backoff").contains(Duration.ofMillis(800));
    }

    @Test
    void retryAfterOn503DelaysTheNextProbe() {
        cells.stubFor(post(urlPathEqualTo("/auth/dex/token"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2").withBody("busy")));
        start(target(SecretSource.fixed(Secret.of("s")), SecretSource.fixed(Secret.of("p")), Duration.ofSeconds(5)));

        await().atMost(Duration.ofSeconds(10)).until(() -> tokenRequestTimes().size() >= 2);

        List<Instant> attempts = tokenRequestTimes();
        assertThat(Duration.between(attempts.get(0), attempts.get(1))).isBetween(ms(1800), ms(2600));
        assertThat(statuses.get("acc").backoff().delay()).contains(Duration.ofSeconds(2));
    }

    private void start(Target target) {
        Targets targets = new Targets(List.of(target));
        statuses = new TargetStatuses(targets);
        ProbeSink resumeRecorder = new ProbeSink() {
            @Override
            public void onProbe(TargetStatus before, TargetStatus after) {
            }

            @Override
            public void onResumed(TargetStatus before, TargetStatus after) {
                resumedFrom.add(before.state());
            }
        };
        scheduler = new ProbeScheduler(targets, vertx, new CellsLoginProbe(new CellsClient(vertx)), statuses,
                new ProbeSinks(List.of(resumeRecorder)), new ClientWarmUp(vertx, new CellsClient(vertx), 0, 0));
        scheduler.start(null);
    }

    /** Interval 200 ms: backoff 400 ms, then 800 ms; max-backoff 800 ms. */
    private Target target(SecretSource apiSecret, SecretSource password) {
        return target(apiSecret, password, ms(800));
    }

    private Target target(SecretSource apiSecret, SecretSource password, Duration maxBackoff) {
        return TestTargets.at(cells.url()).name("acc").username("monitor")
                .apiSecret(apiSecret).password(password).interval(ms(200)).timeout(ms(150))
                .lockout(TestTargets.maxBackoff(maxBackoff)).build();
    }

    private void tokenAnswers(int status, String body) {
        cells.stubFor(post(urlPathEqualTo("/auth/dex/token")).willReturn(
                aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private List<Instant> tokenRequestTimes() {
        List<Instant> times = new CopyOnWriteArrayList<>();
        for (LoggedRequest request : cells.findAll(postRequestedFor(urlPathEqualTo("/auth/dex/token")))) {
            times.add(request.getLoggedDate().toInstant());
        }
        times.sort(null);
        return times;
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
