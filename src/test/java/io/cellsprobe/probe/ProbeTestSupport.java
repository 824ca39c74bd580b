package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.UserCheck;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.CellsV2Server;
import io.cellsprobe.testing.FirstProbeWarmUp;
import io.cellsprobe.testing.TestJwt;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Vertx;

/**
 * One Cells v1 ({@link CellsV1Server}, healthy for {@link TestTargets#ACCOUNT} until a test stubs
 * otherwise), on demand one Cells v2 ({@link #cellsV2()}, the same account), and one probe per test,
 * all on a fixed clock. The failure assertion also checks, for every failure case, that no secret and
 * no issued token leaks into the result.
 */
abstract class ProbeTestSupport {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String USER_URL = "/a/user/" + TestTargets.USERNAME;

    CellsV1Server cells;
    private CellsV2Server cellsV2;
    private Clock clock;
    private Vertx vertx;
    private CellsLoginProbe probe;
    private final List<Target> probed = new ArrayList<>();

    @BeforeAll
    static void warmUp() {
        FirstProbeWarmUp.once();
    }

    @BeforeEach
    void startCellsAndProbe() {
        clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cells = CellsV1Server.healthy(TestTargets.ACCOUNT, clock);
        vertx = Vertx.vertx();
        probe = new CellsLoginProbe(new CellsClient(vertx), clock);
    }

    @AfterEach
    void stopCellsAndProbe() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
        cells.stop();
        if (cellsV2 != null) {
            cellsV2.stop();
        }
    }

    /** The Cells v2 of this test, started on first use. */
    CellsV2Server cellsV2() {
        if (cellsV2 == null) {
            cellsV2 = CellsV2Server.healthy(TestTargets.ACCOUNT, clock);
        }
        return cellsV2;
    }

    /** A target logging in to {@link #cellsV2()} with {@code frontend-session}. */
    Target.Builder sessionTarget() {
        return TestTargets.at(cellsV2().url()).auth(new AuthSettings(Flavor.FRONTEND_SESSION, Optional.empty(),
                UserCheck.CELLS, AuthSettings.DEFAULT_SESSION_PATH, Optional.empty(), false));
    }

    String httpUrl() {
        return cells.url();
    }

    Target.Builder target() {
        return TestTargets.at(httpUrl());
    }

    ProbeResult probe() {
        return probe(target().build());
    }

    ProbeResult probe(Target target) {
        return probe(target, Optional.empty());
    }

    /** A probe run after {@code unresolved}, as the scheduler runs it while a refused login is unresolved. */
    ProbeResult probe(Target target, Optional<Refusal> unresolved) {
        probed.add(target);
        try {
            return probe.run(target, unresolved).toCompletionStage().toCompletableFuture().get(10, SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the probe must always complete with a result", e);
        }
    }

    // --- odd answers of the Cells ---

    /** A fresh, valid id_token for the monitoring account, issued now. */
    static TestJwt validJwt() {
        return TestJwt.issuedAt(NOW, TestTargets.USERNAME);
    }

    void tokenAnswers(ResponseDefinitionBuilder answer) {
        cells.stubFor(post(urlEqualTo(TestTargets.TOKEN_PATH)).willReturn(answer));
    }

    void userAnswers(ResponseDefinitionBuilder answer) {
        cells.stubFor(get(urlEqualTo(USER_URL)).willReturn(answer));
    }

    /** Every id_token the Cells served, read back from its request journal. */
    List<String> issuedIdTokens() {
        return cells.issued("id_token");
    }

    // --- assertions ---

    /**
     * The probe failed for {@code reason} in {@code phase}; the steps up to that phase and TOTAL were
     * timed; the steps that got an answer recorded exactly {@code statuses}; nothing secret leaks.
     */
    ProbeFailure assertFailure(ProbeResult result, FailureReason reason, Phase phase, Map<Phase, Integer> statuses) {
        assertThat(result.success()).as("success of %s", result).isFalse();
        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(reason);
        assertThat(failure.phase()).as("phase (detail: %s)", failure.detail()).isEqualTo(phase);
        assertThat(phase.reasons(probed.get(probed.size() - 1).auth())).as("reasons of %s", phase).contains(reason);
        assertThat(failure.detail()).as("detail").isNotBlank();
        assertTimed(result, phase == Phase.TOKEN ? EnumSet.of(Phase.TOKEN) : EnumSet.of(Phase.TOKEN, Phase.USER));
        assertThat(result.httpStatus()).as("httpStatus").isEqualTo(statuses);
        assertThat(result.target()).isEqualTo(TestTargets.NAME);
        assertThat(result.startedAt()).isEqualTo(NOW);
        assertNoSecretsIn(result);
        return failure;
    }

    /** Exactly {@code steps} plus TOTAL carry a duration, and no step took longer than the whole. */
    static void assertTimed(ProbeResult result, Set<Phase> steps) {
        EnumSet<Phase> expected = EnumSet.copyOf(steps);
        expected.add(Phase.TOTAL);
        assertThat(result.durations().keySet()).as("timed phases").isEqualTo(expected);
        Duration total = result.total();
        result.durations().forEach((phase, duration) -> assertThat(duration).as("duration of %s", phase)
                .isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(total));
    }

    /** Neither the API secret, the password nor an issued token, raw or encoded, is in the result. */
    void assertNoSecretsIn(ProbeResult result) {
        List<String> secrets = new ArrayList<>(cells.issuedTokens());
        if (cellsV2 != null) {
            secrets.addAll(cellsV2.issuedTokens());
        }
        for (Target target : probed) {
            String secret = target.apiSecret().reveal();
            String password = target.password().reveal();
            secrets.addAll(Arrays.asList(secret, password, formEncoded(secret), formEncoded(password),
                    Base64.getEncoder().encodeToString(
                            (formEncoded(target.apiKey()) + ":" + formEncoded(secret)).getBytes(StandardCharsets.UTF_8))));
        }
        String text = result.toString();
        String detail = result.failure().map(ProbeFailure::detail).orElse("");
        for (String secret : secrets) {
            assertThat(text).as("ProbeResult.toString()").doesNotContain(secret);
            assertThat(detail).as("failure detail").doesNotContain(secret);
        }
    }

    private static String formEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
