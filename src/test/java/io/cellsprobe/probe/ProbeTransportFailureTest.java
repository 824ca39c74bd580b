package io.cellsprobe.probe;

import static io.cellsprobe.probe.FailureReason.BAD_RESPONSE;
import static io.cellsprobe.probe.FailureReason.CONNECT;
import static io.cellsprobe.probe.FailureReason.DNS;
import static io.cellsprobe.probe.FailureReason.TIMEOUT;
import static io.cellsprobe.probe.FailureReason.TLS;
import static io.cellsprobe.probe.Phase.TOKEN;
import static io.cellsprobe.probe.Phase.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.config.Target;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestTargets;

/** The network fails: no answer, or no usable answer, from the HTTP layer. */
class ProbeTransportFailureTest extends ProbeTestSupport {

    private static final Duration TIMEOUT_OF_TARGET = Duration.ofSeconds(2);
    /** Longer than the target's timeout, so only the probe's deadline can end the step. */
    private static final int SLOW_MILLIS = 4_000;

    @Test
    void unresolvableHostIsDns() {
        // .invalid never resolves (RFC 6761); the resolver answers NXDOMAIN quickly
        ProbeResult result = probe(TestTargets.at("http://nonexistent.invalid:80").build());

        assertFailure(result, DNS, TOKEN, Map.of());
    }

    @Test
    void connectionRefusedIsConnect() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        ProbeResult result = probe(TestTargets.at("http://127.0.0.1:" + closedPort).build());

        assertFailure(result, CONNECT, TOKEN, Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE" })
    void connectionResetOrClosedWithoutAnswerIsConnect(Fault fault) {
        tokenAnswers(WireMock.aResponse().withFault(fault));

        assertFailure(probe(), CONNECT, TOKEN, Map.of());
    }

    @Test
    void connectionResetInUserStepIsConnect() {
        loginWorksUpToUserStep(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertFailure(probe(), CONNECT, USER, Map.of(TOKEN, 200));
    }

    @Test
    void httpsToPlainHttpPortIsTls() {
        loginWorks();

        ProbeResult result = probe(TestTargets.at("https://127.0.0.1:" + cells.port()).build());

        assertFailure(result, TLS, TOKEN, Map.of());
    }

    @Test
    void untrustedSelfSignedCertificateIsTls() {
        loginWorks();

        ProbeResult result = probe(TestTargets.at("https://127.0.0.1:" + cells.httpsPort()).build());

        assertFailure(result, TLS, TOKEN, Map.of());
        cells.verify(0, WireMock.anyRequestedFor(WireMock.anyUrl()));
    }

    @Test
    void slowTokenEndpointIsTimeout() {
        tokenAnswers(CellsAnswers.token(validJwt().encode(), 599).withFixedDelay(SLOW_MILLIS));

        ProbeResult result = probeTimed();

        assertFailure(result, TIMEOUT, TOKEN, Map.of());
        assertThat(result.durations().get(TOKEN)).isGreaterThanOrEqualTo(TIMEOUT_OF_TARGET.minusMillis(100));
    }

    @Test
    void slowUserEndpointIsTimeoutInUserPhase() {
        loginWorksUpToUserStep(CellsAnswers.user(TestTargets.USERNAME).withFixedDelay(SLOW_MILLIS));

        ProbeResult result = probeTimed();

        // the timeout bounds the whole probe, not each step
        assertFailure(result, TIMEOUT, USER, Map.of(TOKEN, 200));
        assertThat(result.total()).isGreaterThanOrEqualTo(TIMEOUT_OF_TARGET.minusMillis(100));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "http", "https" })
    void serverThatAcceptsButNeverAnswersIsTimeout(String scheme) throws IOException {
        // the kernel completes the TCP handshake from the backlog; nothing ever reads or answers,
        // so with https the TLS handshake hangs, with http the answer never comes
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Target target = TestTargets.at(scheme + "://127.0.0.1:" + silent.getLocalPort()).build();

            assertFailure(probeTimed(target), TIMEOUT, TOKEN, Map.of());
        }
    }

    @Test
    void bodyTricklingPastTheDeadlineIsTimeout() {
        // the status line arrives at once, the body never completes in time: the deadline covers the body too
        tokenAnswers(CellsAnswers.token(validJwt().encode(), 599).withChunkedDribbleDelay(20, SLOW_MILLIS));

        assertFailure(probeTimed(), TIMEOUT, TOKEN, Map.of());
    }

    @ParameterizedTest(name = "{0} step")
    @EnumSource(value = Phase.class, names = { "TOKEN", "USER" })
    void answerOverMaxBodyBytesIsBadResponse(Phase phase) {
        // valid JSON, one byte too large: the cap, not the parser, must reject it
        String token = CellsAnswers.tokenJson(validJwt().encode(), 599);
        String record = CellsAnswers.userJson(TestTargets.USERNAME);
        if (phase == TOKEN) {
            tokenAnswers(CellsAnswers.json(200, padTo(token, CellsClient.DEFAULT_MAX_BODY_BYTES + 1)));
        } else {
            loginWorksUpToUserStep(CellsAnswers.json(200, padTo(record, CellsClient.DEFAULT_MAX_BODY_BYTES + 1)));
        }

        ProbeResult result = probe();

        assertFailure(result, BAD_RESPONSE, phase, phase == TOKEN ? Map.of() : Map.of(TOKEN, 200));
        assertThat(result.failure().orElseThrow().detail()).contains(String.valueOf(CellsClient.DEFAULT_MAX_BODY_BYTES));
    }

    /** Runs the probe and checks it ended within its timeout plus a second. */
    private ProbeResult probeTimed() {
        return probeTimed(target().timeout(TIMEOUT_OF_TARGET).build());
    }

    private ProbeResult probeTimed(Target target) {
        assertThat(target.timeout()).isEqualTo(TIMEOUT_OF_TARGET);
        long start = System.nanoTime();
        ProbeResult result = probe(target);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).as("wall time of a probe whose server hangs")
                .isLessThan(TIMEOUT_OF_TARGET.plusSeconds(1));
        assertThat(result.total()).isLessThan(TIMEOUT_OF_TARGET.plusSeconds(1));
        return result;
    }

    private static String padTo(String json, int bytes) {
        return json + " ".repeat(bytes - json.length());
    }
}
