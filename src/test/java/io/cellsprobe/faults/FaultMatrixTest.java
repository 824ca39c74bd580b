package io.cellsprobe.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cellsprobe.probe.FailureReason.BAD_RESPONSE;
import static io.cellsprobe.probe.FailureReason.CLIENT_REJECTED;
import static io.cellsprobe.probe.FailureReason.CONNECT;
import static io.cellsprobe.probe.FailureReason.CREDENTIALS_REJECTED;
import static io.cellsprobe.probe.FailureReason.DNS;
import static io.cellsprobe.probe.FailureReason.HTTP_ERROR;
import static io.cellsprobe.probe.FailureReason.LOGIN_MISMATCH;
import static io.cellsprobe.probe.FailureReason.TIMEOUT;
import static io.cellsprobe.probe.FailureReason.TOKEN_INVALID;
import static io.cellsprobe.probe.FailureReason.UNAUTHORIZED;
import static io.cellsprobe.probe.FailureReason.USER_NOT_FOUND;
import static io.cellsprobe.probe.Phase.TOKEN;
import static io.cellsprobe.probe.Phase.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.cellsprobe.config.Target;
import io.cellsprobe.faults.FaultRun.Probe;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.FirstProbeWarmUp;
import io.cellsprobe.testing.CellsV1Server.Breakage;
import io.cellsprobe.testing.TestJwt;
import io.cellsprobe.testing.TestTargets;

/**
 * The fault matrix: each fault a Cells server, its proxy or the network can show, against the real
 * scheduler, probe and metrics, on real sockets on 127.0.0.1. For each: the probe ends within its
 * timeout plus {@link FaultRun#MARGIN}, fails with the documented reason in the right phase,
 * {@code cells_probe_runs_total} success + failure equals the results exactly, and the next probe
 * starts on time (or, where a backoff is documented, exactly that much later).
 */
class FaultMatrixTest {

    static final Duration INTERVAL = Duration.ofMillis(800);
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    static final String USER_URL = "/a/user/" + TestTargets.USERNAME;
    static final long MIB = 1024 * 1024;
    /** Far below the 64 MiB on offer: the 1 MiB cap plus what loopback socket buffers can hold. */
    static final long FLAT_MEMORY_BYTES = 16 * MIB;

    /** The Cells most faults are staged on, healthy for {@link TestTargets#ACCOUNT} unless a test stubs otherwise. */
    static CellsV1Server cells;
    /** Another host (another origin), a Cells too: a redirect points here; it must never be reached. */
    static CellsV1Server elsewhere;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void startServers() {
        cells = CellsV1Server.healthy(TestTargets.ACCOUNT);
        elsewhere = CellsV1Server.healthy(TestTargets.ACCOUNT);
        FirstProbeWarmUp.once();
    }

    @AfterAll
    static void stopServers() {
        cells.stop();
        elsewhere.stop();
    }

    @BeforeEach
    void resetServers() {
        // Healthy again, with an empty journal; a healthy Cells serves its anonymous bootconf, so a refused
        // login there is the password's fault.
        for (CellsV1Server server : List.of(cells, elsewhere)) {
            server.resetRequests();
            server.heal();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        // The monitor first, then the servers it probes.
        Exception first = null;
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            try {
                closeAfter.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // --- a control: the harness passes a healthy server ---

    @Test
    void healthyCellsSucceedsOnScheduleAndEveryRunIsCounted() {
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(3);

        List<Probe> probes = run.stopAndSettle();
        assertThat(probes).allSatisfy(probe -> assertThat(probe.result().success()).as("%s", probe.result()).isTrue());
        run.assertEndedWithinTimeout();
        run.assertCountedExactly();
        run.assertStartGaps(INTERVAL);
        assertThat(run.runs("success")).isEqualTo(probes.size());
    }

    // --- the network ---

    @Test
    void connectionRefusedIsConnect() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        FaultRun run = start(target("http://127.0.0.1:" + closedPort));

        run.awaitProbes(2);

        run.assertFault(TOKEN, CONNECT);
        assertNoHttpStatus(run);
    }

    @Test
    void dnsNameThatDoesNotResolveIsDns() {
        // .invalid never resolves (RFC 6761)
        FaultRun run = start(target("http://cells-probe-fault-matrix.invalid:8080"));

        run.awaitProbes(2);

        run.assertFault(TOKEN, DNS);
        assertNoHttpStatus(run);
    }

    @ParameterizedTest(name = "in the {0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void connectionResetMidResponseIsConnect(Phase phase) {
        RawHttpServer server = raw(inStep(phase, RawHttpServer.resetsMidResponse()));
        FaultRun run = start(target(server.url()));

        run.awaitProbes(2);

        run.assertFault(phase, CONNECT);
        assertThat(faultyRequests(server, phase)).as("one request per probe in the faulty step")
                .hasSize(run.probes().size());
    }

    @ParameterizedTest(name = "in the {0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void serverThatAcceptsAndNeverAnswersTimesOut(Phase phase) {
        RawHttpServer server = raw(inStep(phase, RawHttpServer.neverAnswers()));
        FaultRun run = start(target(server.url()));

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(phase, TIMEOUT);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.result().total()).as("the deadline ended it")
                .isGreaterThanOrEqualTo(PROBE_TIMEOUT.minusMillis(50)));
        // At the deadline the probe closes its connection: the server sees the client go, nothing leaks.
        List<RawHttpServer.Ended> ended = awaitEnded(server, phase, probes.size());
        assertThat(ended).allSatisfy(connection -> assertThat(connection.endedByError()).isTrue());
    }

    @ParameterizedTest(name = "in the {0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void serverThatTricklesOneByteASecondTimesOut(Phase phase) {
        RawHttpServer server = raw(inStep(phase, RawHttpServer.tricklesOneByteASecond()));
        FaultRun run = start(target(server.url()));

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(phase, TIMEOUT);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.result().total()).as("the deadline ended it")
                .isGreaterThanOrEqualTo(PROBE_TIMEOUT.minusMillis(50)));
        if (phase == USER) {
            assertThat(probes).allSatisfy(probe -> assertThat(probe.result().httpStatus()).containsEntry(TOKEN, 200));
        }
    }

    // --- bodies too large ---

    @ParameterizedTest(name = "in the {0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void okWith64MiBBodyIsBadResponseAndReadingStopsAtTheCap(Phase phase) {
        RawHttpServer server = raw(inStep(phase, RawHttpServer.hugeBody(64 * MIB)));
        FaultRun run = start(target(server.url()));

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(phase, BAD_RESPONSE);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.failure().detail()).contains("1048576"));
        assertReadingStoppedEarly(server, phase, probes.size());
    }

    @ParameterizedTest(name = "in the {0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void okWithEndlessChunkedBodyIsBadResponseAndReadingStops(Phase phase) {
        RawHttpServer server = raw(inStep(phase, RawHttpServer.endlessChunkedBody()));
        FaultRun run = start(target(server.url()));

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(phase, BAD_RESPONSE);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.failure().detail()).contains("1048576"));
        assertReadingStoppedEarly(server, phase, probes.size());
    }

    @Test
    void bodyOverAConfiguredCapIsBadResponse() {
        // The cap is configurable (cells-probe.max-body-size): 4 KiB here; a 5 KiB token answer is over it.
        String token = CellsAnswers.tokenJson(TestJwt.issuedAt(Instant.now(), TestTargets.USERNAME).encode(), 599);
        tokenAnswers(CellsAnswers.json(200, token + " ".repeat(5 * 1024 - token.length())));
        FaultRun run = start(target(cellsUrl()), 4 * 1024);

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(TOKEN, BAD_RESPONSE);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.failure().detail()).contains("4096"));
    }

    // --- redirects ---

    /** 303 after a POST and 302 after a GET are the redirects an HTTP client following them would take. */
    @ParameterizedTest(name = "in the {0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void redirectLoopIsHttpErrorAndIsNotFollowed(Phase phase) {
        String self = phase == TOKEN ? TestTargets.TOKEN_PATH : USER_URL;
        int status = phase == TOKEN ? 303 : 302;
        stepAnswers(phase, aResponse().withStatus(status).withHeader("Location", self));
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(phase, HTTP_ERROR);
        assertThat(run.httpStatusGauge(phase)).isEqualTo(status);
        assertThat(cells.findAll(stepRequests(phase))).as("requests to the looping URL: one per probe")
                .hasSize(probes.size());
    }

    static Stream<Arguments> redirectsToAnotherHost() {
        // 307 keeps the method, the body (the password) and, in a naive client, the Authorization
        // header; 303 turns the POST into a GET that HTTP clients do follow; 302 is the usual one on a GET.
        return Stream.of(arguments(TOKEN, 307), arguments(TOKEN, 303), arguments(USER, 302), arguments(USER, 307));
    }

    @ParameterizedTest(name = "{1} in the {0} step")
    @MethodSource("redirectsToAnotherHost")
    void redirectToAnotherHostIsHttpErrorAndCredentialsDoNotFollow(Phase phase, int status) {
        // The other host answers like Cells, its user endpoint taking any Bearer: a client that followed
        // would even pass.
        elsewhere.stubFor(get(urlEqualTo(USER_URL)).willReturn(CellsAnswers.user(TestTargets.USERNAME)));
        String path = phase == TOKEN ? TestTargets.TOKEN_PATH : USER_URL;
        // Another host name (localhost, while the target is 127.0.0.1) and another port: another origin.
        stepAnswers(phase, aResponse().withStatus(status).withHeader("Location", elsewhere.baseUrl() + path));
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(phase, HTTP_ERROR);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.result().httpStatus()).containsEntry(phase, status));
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).as("requests that reached the other host")
                .isEmpty();
    }

    // --- answers of the wrong kind ---

    @ParameterizedTest(name = "in the {0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void invalidJsonIsBadResponse(Phase phase) {
        stepAnswers(phase, CellsAnswers.json(200, "{\"id_token\": \"abc\", \"Login\": \"monitor\""));
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        run.assertFault(phase, BAD_RESPONSE);
        assertStepsReached(run, phase);
    }

    static Stream<Arguments> wrongShapes() {
        String jwt = TestJwt.issuedAt(Instant.now(), TestTargets.USERNAME).encode();
        return Stream.of(
                arguments("token answer is an array", TOKEN, "[" + CellsAnswers.tokenJson(jwt, 599) + "]", BAD_RESPONSE),
                arguments("token answer is null", TOKEN, "null", BAD_RESPONSE),
                arguments("token answer without id_token", TOKEN, CellsAnswers.tokenJson(null, 599), TOKEN_INVALID),
                arguments("id_token is a number", TOKEN, "{\"id_token\":42,\"expires_in\":599}", TOKEN_INVALID),
                arguments("expires_in is a word", TOKEN, CellsAnswers.tokenJson(jwt, "soon"), BAD_RESPONSE),
                arguments("user answer is an array", USER, "[" + CellsAnswers.userJson(TestTargets.USERNAME) + "]",
                        BAD_RESPONSE),
                arguments("user answer without Login", USER, "{\"Uuid\":\"b9a2\",\"GroupPath\":\"/\"}", LOGIN_MISMATCH),
                arguments("user record of another login", USER, CellsAnswers.userJson("admin"), LOGIN_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongShapes")
    void jsonOfTheWrongShapeIsBadResponseOrTokenInvalidAsDocumented(String label, Phase phase, String json,
            FailureReason reason) {
        stepAnswers(phase, CellsAnswers.json(200, json));
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        run.assertFault(phase, reason);
        assertStepsReached(run, phase);
    }

    static Stream<Arguments> garbageJwts() {
        String header = TestJwt.segment(TestJwt.HEADER_JSON);
        String signature = "c2lnbmF0dXJl";
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        return Stream.of(
                arguments("three garbage segments", "garbage.garbage.garbage"),
                arguments("one segment", "notajwtatall"),
                arguments("two segments", header + "." + TestJwt.segment("{\"exp\":" + exp + "}")),
                arguments("empty segments", ".."),
                arguments("payload not base64url", header + ".%%%%." + signature),
                arguments("payload not JSON", header + "." + TestJwt.segment("exp=" + exp) + "." + signature),
                arguments("header not JSON", TestJwt.segment("RS256") + "." + TestJwt.segment("{\"exp\":" + exp + "}")
                        + "." + signature),
                arguments("no exp claim", header + "." + TestJwt.segment("{\"sub\":\"x\"}") + "." + signature),
                arguments("exp is a string", header + "." + TestJwt.segment("{\"exp\":\"" + exp + "\"}") + "."
                        + signature),
                arguments("spaces and a line break", header + ". " + TestJwt.segment("{\"exp\":" + exp + "}")
                        + "\r\n." + signature));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageJwts")
    void jwtWithGarbageSegmentsIsTokenInvalid(String label, String idToken) {
        tokenAnswers(CellsAnswers.token(idToken, 599));
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        run.assertFault(TOKEN, TOKEN_INVALID);
        assertStepsReached(run, TOKEN);
    }

    @Test
    void jwtWithAbsurdExpIsTokenInvalid() {
        // exp 1e20: a number, but past any representable instant; the token is malformed, not our bug
        tokenAnswers(CellsAnswers.token(TestJwt.issuedAt(Instant.now(), TestTargets.USERNAME)
                .claim("exp", 1e20).encode(), 599));
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        run.assertFault(TOKEN, TOKEN_INVALID);
    }

    @Test
    void expInThePastIsTokenInvalid() {
        Instant exp = Instant.now().minusSeconds(60);
        tokenAnswers(CellsAnswers.token(TestJwt.issuedAt(exp.minusSeconds(600), TestTargets.USERNAME)
                .expiresAt(exp).encode(), 599));
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(TOKEN, TOKEN_INVALID);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.failure().detail()).contains("expired"));
        assertStepsReached(run, TOKEN);
        assertThat(run.gauge("cells.probe.token.expiry.timestamp.seconds")).as("the expired exp is still shown")
                .isEqualTo(exp.getEpochSecond());
    }

    /**
     * A whole number of seconds that is not a sane lifetime is token_invalid (README: expires_in
     * &lt;= 0; TokenAnswer: over 366 days); a number that is no whole number of seconds in the 64-bit
     * range is unparseable, bad_response (JsonAnswers.number: "exact or nothing").
     */
    static Stream<Arguments> insaneLifetimes() {
        return Stream.of(
                arguments("-1", -1, TOKEN_INVALID),
                arguments("0", 0, TOKEN_INVALID),
                arguments("\"-599\" (string)", "-599", TOKEN_INVALID),
                arguments("366 days + 1 s", 366L * 24 * 3600 + 1, TOKEN_INVALID),
                arguments("Long.MAX_VALUE", Long.MAX_VALUE, TOKEN_INVALID),
                arguments("1e300", 1e300, BAD_RESPONSE),
                // 2^64 + 599: would wrap to a plausible 599 if read with Number.longValue()
                arguments("2^64 + 599", BigInteger.TWO.pow(64).add(BigInteger.valueOf(599)), BAD_RESPONSE));
    }

    @ParameterizedTest(name = "expires_in {0} is {2}")
    @MethodSource("insaneLifetimes")
    void expiresInNegativeOrAbsurdIsTokenInvalid(String label, Object expiresIn, FailureReason reason) {
        tokenAnswers(CellsAnswers.token(TestJwt.issuedAt(Instant.now(), TestTargets.USERNAME).encode(), expiresIn));
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        List<Probe> probes = run.assertFault(TOKEN, reason);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.failure().detail()).contains("expires_in"));
        assertStepsReached(run, TOKEN);
    }

    @ParameterizedTest(name = "in the {0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void htmlLoginPageWith200IsBadResponse(Phase phase) {
        stepAnswers(phase, CellsAnswers.loginPage());
        FaultRun run = start(target(cellsUrl()));

        run.awaitProbes(2);

        run.assertFault(phase, BAD_RESPONSE);
        assertThat(run.httpStatusGauge(phase)).isEqualTo(200);
        assertStepsReached(run, phase);
    }

    // --- HTTP status codes in each step ---

    static Stream<Arguments> statusCodes() {
        return Stream.of(
                // token step: the backoff is in intervals before the next attempt
                arguments(TOKEN, 401, CellsAnswers.oauthError(401, "invalid_client"), CLIENT_REJECTED, 2),
                arguments(TOKEN, 401, CellsAnswers.oauthError(401, "invalid_grant"), CREDENTIALS_REJECTED, 2),
                arguments(TOKEN, 403, CellsAnswers.oauthError(403, "access_denied"), CREDENTIALS_REJECTED, 2),
                arguments(TOKEN, 403, proxyPage(403), HTTP_ERROR, 1),
                arguments(TOKEN, 404, proxyPage(404), HTTP_ERROR, 1),
                arguments(TOKEN, 429, plainText(429, "Too Many Requests"), HTTP_ERROR, 1),
                arguments(TOKEN, 500, CellsAnswers.oauthError(500, "server_error"), HTTP_ERROR, 1),
                arguments(TOKEN, 502, proxyPage(502), HTTP_ERROR, 1),
                arguments(TOKEN, 503, plainText(503, "Service unavailable."), HTTP_ERROR, 1),
                // user step
                arguments(USER, 401, CellsAnswers.unauthorized(), UNAUTHORIZED, 1),
                arguments(USER, 403, plainText(403, "Forbidden"), UNAUTHORIZED, 1),
                arguments(USER, 404, CellsAnswers.json(404, "{\"Title\":\"cannot find user with login monitor\"}"),
                        USER_NOT_FOUND, 1),
                arguments(USER, 429, plainText(429, "Too Many Requests"), HTTP_ERROR, 1),
                arguments(USER, 500, aResponse().withStatus(500), HTTP_ERROR, 1),
                arguments(USER, 502, proxyPage(502), HTTP_ERROR, 1),
                arguments(USER, 503, plainText(503, "Service unavailable."), HTTP_ERROR, 1));
    }

    @ParameterizedTest(name = "{1} in the {0} step is {3}")
    @MethodSource("statusCodes")
    void statusCodeInEachStep(Phase phase, int status, ResponseDefinitionBuilder answer, FailureReason reason,
            int backoffIntervals) {
        stepAnswers(phase, answer);
        FaultRun run = start(target(cellsUrl()));
        Duration gap = INTERVAL.multipliedBy(backoffIntervals);

        run.awaitProbes(2, gap);

        List<Probe> probes = run.assertFault(phase, reason, gap);
        assertThat(probes).allSatisfy(probe -> assertThat(probe.result().httpStatus()).containsEntry(phase, status));
        assertThat(run.httpStatusGauge(phase)).as("cells_probe_http_status_code{phase=%s}", phase.label())
                .isEqualTo(status);
        assertThat(probes.get(0).backoffSecondsAtArrival()).as("cells_probe_backoff_seconds after the first")
                .isEqualTo(backoffIntervals == 1 ? 0.0 : gap.toMillis() / 1000.0);
        assertStepsReached(run, phase);
    }

    // --- documented backoffs ---

    @Test
    void credentialsRejectedBackOffThenSuspendAfterThreeAttempts() throws InterruptedException {
        // A shorter schedule than the others, so three attempts (gaps 2x and 4x the interval) fit in 5 s.
        Duration interval = Duration.ofMillis(500);
        cells.breakWith(Breakage.CREDENTIALS_REJECTED);
        FaultRun run = start(TestTargets.at(cellsUrl()).interval(interval).timeout(Duration.ofMillis(300)).build());

        run.awaitProbes(3, interval.multipliedBy(4));
        // Suspended: no login on the normal schedule during this wait; the gauges below show why.
        Thread.sleep(interval.multipliedBy(3).toMillis());

        List<Probe> probes = run.assertFault(TOKEN, CREDENTIALS_REJECTED, interval.multipliedBy(2),
                interval.multipliedBy(4));
        assertThat(probes).hasSize(3);
        assertThat(cells.findAll(postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)))).as("token requests")
                .hasSize(3);
        // Suspended: the one cautious attempt waits suspended-retry (30 min by default).
        assertThat(probes).extracting(Probe::backoffSecondsAtArrival).as("cells_probe_backoff_seconds")
                .containsExactly(1.0, 2.0, 1800.0);
        assertThat(probes).extracting(Probe::suspendedAtArrival).as("cells_probe_credentials_suspended")
                .containsExactly(0.0, 0.0, 1.0);
        assertThat(run.statuses.get(TestTargets.NAME).state()).isEqualTo(TargetStatus.State.SUSPENDED);
    }

    static Stream<Arguments> retryAfterAnswers() {
        return Stream.of(arguments(TOKEN, 429), arguments(TOKEN, 503), arguments(USER, 429), arguments(USER, 503));
    }

    @ParameterizedTest(name = "{1} in the {0} step")
    @MethodSource("retryAfterAnswers")
    void retryAfterLongerThanTheIntervalDelaysTheNextProbe(Phase phase, int status) {
        stepAnswers(phase, aResponse().withStatus(status).withHeader("Retry-After", "2")
                .withHeader("Content-Type", "text/plain").withBody("slow down"));
        FaultRun run = start(target(cellsUrl()));
        Duration retryAfter = Duration.ofSeconds(2);

        run.awaitProbes(2, retryAfter);

        List<Probe> probes = run.assertFault(phase, HTTP_ERROR, retryAfter);
        assertThat(probes).allSatisfy(probe -> {
            assertThat(probe.result().retryAfter()).contains(retryAfter);
            assertThat(probe.backoffSecondsAtArrival()).as("cells_probe_backoff_seconds").isEqualTo(2.0);
        });
        assertThat(run.gauge("cells.probe.backoff.seconds")).isEqualTo(2.0);
        assertStepsReached(run, phase);
    }

    @Test
    void retryAfterIsCappedAtMaxBackoff() {
        userAnswers(aResponse().withStatus(503).withHeader("Retry-After", "3600")
                .withHeader("Content-Type", "text/plain").withBody("Service unavailable."));
        Duration maxBackoff = Duration.ofMillis(1500);
        FaultRun run = start(TestTargets.at(cellsUrl()).interval(INTERVAL).timeout(PROBE_TIMEOUT)
                .lockout(TestTargets.maxBackoff(maxBackoff)).build());

        run.awaitProbes(2, maxBackoff);

        List<Probe> probes = run.assertFault(USER, HTTP_ERROR, maxBackoff);
        assertThat(probes).allSatisfy(probe -> {
            assertThat(probe.result().retryAfter()).contains(Duration.ofHours(1));
            assertThat(probe.backoffSecondsAtArrival()).as("cells_probe_backoff_seconds").isEqualTo(1.5);
        });
    }

    // --- helpers ---

    private FaultRun start(Target target) {
        FaultRun run = FaultRun.start(target);
        closeAfter.add(run);
        return run;
    }

    private FaultRun start(Target target, long maxBodyBytes) {
        FaultRun run = FaultRun.start(target, maxBodyBytes);
        closeAfter.add(run);
        return run;
    }

    private RawHttpServer raw(RawHttpServer.Behaviour behaviour) {
        RawHttpServer server = RawHttpServer.start(behaviour);
        closeAfter.add(server);
        return server;
    }

    /** The Cells by address, as every target here names its server. */
    private static String cellsUrl() {
        return cells.url();
    }

    private static Target target(String url) {
        return TestTargets.at(url).interval(INTERVAL).timeout(PROBE_TIMEOUT).build();
    }

    /** The fault in the given step; in the user step, the token step before it works. */
    private static RawHttpServer.Behaviour inStep(Phase phase, RawHttpServer.Behaviour fault) {
        return phase == TOKEN ? fault : RawHttpServer.tokenIssuedThen(fault);
    }

    private static List<RawHttpServer.Request> faultyRequests(RawHttpServer server, Phase phase) {
        String method = phase == TOKEN ? "POST" : "GET";
        return server.requests().stream().filter(request -> request.method().equals(method)).toList();
    }

    /** Waits until the server has seen {@code count} connections of the faulty step end. */
    private static List<RawHttpServer.Ended> awaitEnded(RawHttpServer server, Phase phase, int count) {
        String method = phase == TOKEN ? "POST" : "GET";
        await().atMost(Duration.ofSeconds(3)).until(() -> server.ended().stream()
                .filter(ended -> ended.request() != null && ended.request().method().equals(method)).count() >= count);
        return server.ended().stream()
                .filter(ended -> ended.request() != null && ended.request().method().equals(method)).toList();
    }

    /** The client stopped reading soon after the cap: the server's writes failed far short of the body. */
    private static void assertReadingStoppedEarly(RawHttpServer server, Phase phase, int probes) {
        List<RawHttpServer.Ended> ended = awaitEnded(server, phase, probes);
        if (Boolean.getBoolean("faults.verbose")) {
            System.out.printf("bytes written before the client closed: %s%n",
                    ended.stream().map(RawHttpServer.Ended::bytesWritten).toList());
        }
        assertThat(ended).allSatisfy(connection -> {
            assertThat(connection.endedByError()).as("the client closed the connection before the body ended")
                    .isTrue();
            assertThat(connection.bytesWritten()).as("bytes the server could write before the client closed")
                    .isGreaterThan(MIB).isLessThan(FLAT_MEMORY_BYTES);
        });
    }

    private static void tokenAnswers(ResponseDefinitionBuilder answer) {
        cells.stubFor(post(urlEqualTo(TestTargets.TOKEN_PATH)).willReturn(answer));
    }

    private static void userAnswers(ResponseDefinitionBuilder answer) {
        cells.stubFor(get(urlEqualTo(USER_URL)).willReturn(answer));
    }

    /** The answer in the given step; in the user step, the healthy token endpoint issues a valid token first. */
    private static void stepAnswers(Phase phase, ResponseDefinitionBuilder answer) {
        if (phase == TOKEN) {
            tokenAnswers(answer);
        } else {
            userAnswers(answer);
        }
    }

    private static RequestPatternBuilder stepRequests(Phase phase) {
        return phase == TOKEN ? postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)) : getRequestedFor(urlEqualTo(USER_URL));
    }

    /**
     * Each probe made exactly one token request, and a user request only when the token step passed:
     * a failed token step never goes on to the user step.
     */
    private static void assertStepsReached(FaultRun run, Phase failedIn) {
        int probes = run.probes().size();
        assertThat(cells.findAll(postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)))).as("token requests")
                .hasSize(probes);
        assertThat(cells.findAll(getRequestedFor(urlEqualTo(USER_URL)))).as("user requests")
                .hasSize(failedIn == TOKEN ? 0 : probes);
        if (failedIn == TOKEN) {
            assertThat(run.httpStatusGauge(USER)).as("cells_probe_http_status_code{phase=user}").isZero();
        }
    }

    private static void assertNoHttpStatus(FaultRun run) {
        assertThat(run.probes()).allSatisfy(probe -> assertThat(probe.result().httpStatus()).isEqualTo(Map.of()));
        assertThat(run.httpStatusGauge(TOKEN)).isZero();
        assertThat(run.httpStatusGauge(USER)).isZero();
    }

    /** What a proxy in front of Cells answers: an HTML error page. */
    private static ResponseDefinitionBuilder proxyPage(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>" + status + "</h1></body></html>");
    }

    private static ResponseDefinitionBuilder plainText(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/plain").withBody(body);
    }
}
