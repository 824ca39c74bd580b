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

        assertThat(assertFailure(result, DNS, TOKEN, Map.of()).detail())
                .isEqualTo("host name nonexistent.invalid does not resolve");
    }

    @Test
    void connectionRefusedIsConnect() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        ProbeResult result = probe(TestTargets.at("http://127.0.0.1:" + closedPort).build());

        assertThat(assertFailure(result, CONNECT, TOKEN, Map.of()).detail())
                .isEqualTo("connection refused by 127.0.0.1:" + closedPort);
    }

    @Test
    void connectionResetWithoutAnswerIsConnect() {
        tokenAnswers(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(assertFailure(probe(), CONNECT, TOKEN, Map.of()).detail())
                .isEqualTo("connection reset by the server before a complete answer");
    }

    @Test
    void connectionClosedWithoutAnswerIsConnect() {
        tokenAnswers(WireMock.aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThat(assertFailure(probe(), CONNECT, TOKEN, Map.of()).detail())
                .isEqualTo("the server closed the connection before a complete answer");
    }

    @Test
    void connectionResetInUserStepIsConnect() {
        userAnswers(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(assertFailure(probe(), CONNECT, USER, Map.of(TOKEN, 200)).detail())
                .isEqualTo("connection reset by the server before a complete answer");
    }

    @Test
    void httpsToPlainHttpPortIsTls() {
        ProbeResult result = probe(TestTargets.at("https://127.0.0.1:" + cells.port()).build());

        assertThat(assertFailure(result, TLS, TOKEN, Map.of()).detail())
                .isEqualTo("TLS handshake failed: the server does not speak TLS on this port (plain http?)");
    }

    @Test
    void untrustedSelfSignedCertificateIsTls() {
        ProbeResult result = probe(TestTargets.at("https://127.0.0.1:" + cells.httpsPort()).build());

        assertThat(assertFailure(result, TLS, TOKEN, Map.of()).detail()).isEqualTo(
                "TLS handshake failed: the server's certificate is not trusted (signed by an unknown CA? set tls.ca-file)");
        cells.verify(0, WireMock.anyRequestedFor(WireMock.anyUrl()));
    }

    @Test
    void slowTokenEndpointIsTimeout() {
        tokenAnswers(CellsAnswers.token(validJwt().encode(), 599).withFixedDelay(SLOW_MILLIS));

        ProbeResult result = probeTimed();

        assertThat(assertFailure(result, TIMEOUT, TOKEN, Map.of()).detail())
                .matches("no answer within the 2 s probe timeout \\(token step had run [12]\\.\\d s\\)");
        assertThat(result.durations().get(TOKEN)).isGreaterThanOrEqualTo(TIMEOUT_OF_TARGET.minusMillis(100));
    }

    @Test
    void slowUserEndpointIsTimeoutInUserPhase() {
        userAnswers(CellsAnswers.user(TestTargets.USERNAME).withFixedDelay(SLOW_MILLIS));

        ProbeResult result = probeTimed();

        // the timeout bounds the whole probe, not each step
        assertThat(assertFailure(result, TIMEOUT, USER, Map.of(TOKEN, 200)).detail())
                .matches("no answer within the 2 s probe timeout \\(user step had run [12]\\.\\d s\\)");
        assertThat(result.total()).isGreaterThanOrEqualTo(TIMEOUT_OF_TARGET.minusMillis(100));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "http", "https" })
    void serverThatAcceptsButNeverAnswersIsTimeout(String scheme) throws IOException {
        // the kernel completes the TCP handshake from the backlog; nothing ever reads or answers,
        // so with https the TLS handshake hangs, with http the answer never comes
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Target target = TestTargets.at(scheme + "://127.0.0.1:" + silent.getLocalPort()).build();

            assertThat(assertFailure(probeTimed(target), TIMEOUT, TOKEN, Map.of()).detail())
                    .startsWith("no answer within the 2 s probe timeout (token step had run ");
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
            userAnswers(CellsAnswers.json(200, padTo(record, CellsClient.DEFAULT_MAX_BODY_BYTES + 1)));
        }

        ProbeResult result = probe();

        assertThat(assertFailure(result, BAD_RESPONSE, phase, phase == TOKEN ? Map.of() : Map.of(TOKEN, 200)).detail())
                .isEqualTo("the answer was larger than max-body-size (" + CellsClient.DEFAULT_MAX_BODY_BYTES
                        + " bytes); reading stopped");
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
