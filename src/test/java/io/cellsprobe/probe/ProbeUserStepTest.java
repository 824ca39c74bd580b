package io.cellsprobe.probe;

import static io.cellsprobe.probe.FailureReason.BAD_RESPONSE;
import static io.cellsprobe.probe.FailureReason.HTTP_ERROR;
import static io.cellsprobe.probe.FailureReason.LOGIN_MISMATCH;
import static io.cellsprobe.probe.FailureReason.UNAUTHORIZED;
import static io.cellsprobe.probe.FailureReason.USER_NOT_FOUND;
import static io.cellsprobe.probe.Phase.TOKEN;
import static io.cellsprobe.probe.Phase.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestJwt;

/** A token is issued, but the user endpoint does not answer with the monitoring account's record. */
class ProbeUserStepTest extends ProbeTestSupport {

    @Test
    void userAnswering200HtmlIsBadResponseNotSuccess() {
        // the classic false OK: a wrong user-path reaches the web login page, with status 200
        userAnswers(CellsAnswers.loginPage());

        ProbeResult result = probe();

        ProbeFailure failure = assertFailure(result, BAD_RESPONSE, USER, Map.of(TOKEN, 200, USER, 200));
        assertThat(failure.detail()).contains("text/html");
        // the token step's findings are kept
        assertThat(result.tokenLifetimeSeconds()).isEqualTo(OptionalLong.of(599));
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(TestJwt.LIFETIME_SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{\"Login\":", "[]", "null", "" })
    void invalidUserJsonIsBadResponse(String body) {
        userAnswers(CellsAnswers.json(200, body));

        assertFailure(probe(), BAD_RESPONSE, USER, Map.of(TOKEN, 200, USER, 200));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = { 201, 204 })
    void userAnswerOtherThan200IsBadResponse(int status) {
        userAnswers(CellsAnswers.json(status, CellsAnswers.userJson("monitor")));

        assertFailure(probe(), BAD_RESPONSE, USER, Map.of(TOKEN, 200, USER, status));
    }

    @Test
    void userRefusingTheFreshTokenIsUnauthorized() {
        // e.g. the external URL does not match how Cells is reached: tokens issue, every /a/ call is 401
        userAnswers(CellsAnswers.unauthorized());

        ProbeFailure failure = assertFailure(probe(), UNAUTHORIZED, USER, Map.of(TOKEN, 200, USER, 401));
        assertThat(failure.detail()).contains("401", "text/plain");
    }

    @Test
    void userForbiddingTheFreshTokenIsUnauthorized() {
        userAnswers(CellsAnswers.json(403, "{\"Title\":\"forbidden\"}"));

        assertFailure(probe(), UNAUTHORIZED, USER, Map.of(TOKEN, 200, USER, 403));
    }

    @Test
    void unknownLoginIsUserNotFound() {
        userAnswers(CellsAnswers.json(404,
                "{\"Title\":\"cannot find user with login monitor\",\"Detail\":\"Not Found: monitor\"}"));

        ProbeFailure failure = assertFailure(probe(), USER_NOT_FOUND, USER, Map.of(TOKEN, 200, USER, 404));
        assertThat(failure.detail()).contains("404");
    }

    @Test
    void recordOfAnotherLoginIsLoginMismatch() {
        userAnswers(CellsAnswers.user("admin"));

        ProbeFailure failure = assertFailure(probe(), LOGIN_MISMATCH, USER, Map.of(TOKEN, 200, USER, 200));
        assertThat(failure.detail()).contains("another Login");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{\"Uuid\":\"b9a2\",\"GroupPath\":\"/\"}", "{\"Login\":null}", "{\"Login\":42}" })
    void recordWithoutLoginIsLoginMismatch(String body) {
        userAnswers(CellsAnswers.json(200, body));

        assertFailure(probe(), LOGIN_MISMATCH, USER, Map.of(TOKEN, 200, USER, 200));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = { 500, 502, 503 })
    void userServerErrorIsHttpError(int status) {
        // 500 with no body is Cells' answer for an unknown route under /a/
        userAnswers(WireMock.aResponse().withStatus(status));

        ProbeFailure failure = assertFailure(probe(), HTTP_ERROR, USER, Map.of(TOKEN, 200, USER, status));
        assertThat(failure.detail()).contains("answered " + status);
    }

    @Test
    void userRedirectIsNotFollowedAndIsHttpError() {
        userAnswers(WireMock.aResponse().withStatus(302).withHeader("Location", "/login"));
        cells.stubFor(WireMock.get("/login").willReturn(CellsAnswers.user("monitor")));

        assertFailure(probe(), HTTP_ERROR, USER, Map.of(TOKEN, 200, USER, 302));
        cells.verify(0, WireMock.getRequestedFor(WireMock.urlEqualTo("/login")));
    }
}
