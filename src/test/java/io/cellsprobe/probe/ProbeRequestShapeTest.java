package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.cellsprobe.config.Target;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.DexTokenTransformer;
import io.cellsprobe.testing.FormData;
import io.cellsprobe.testing.TestJwt;
import io.cellsprobe.testing.TestTargets;

/** What the probe sends, read back from WireMock's request journal. */
class ProbeRequestShapeTest extends ProbeTestSupport {

    @Test
    void tokenRequestIsPasswordGrantFormWithFreshNonce() {
        assertThat(probe().success()).isTrue();
        assertThat(probe().success()).isTrue();

        List<LoggedRequest> requests = cells.findAll(postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
        assertThat(requests).hasSize(2);
        for (LoggedRequest request : requests) {
            assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(request.getHeader("Accept")).isEqualTo("application/json");
            assertThat(request.getHeader("User-Agent")).isEqualTo("cells-auth-probe");
            Map<String, String> form = FormData.parse(request.getBodyAsString());
            assertThat(form).containsOnlyKeys("grant_type", "username", "password", "scope", "nonce");
            assertThat(form).containsEntry("grant_type", "password")
                    .containsEntry("username", TestTargets.USERNAME)
                    .containsEntry("password", TestTargets.PASSWORD)
                    .containsEntry("scope", "email profile pydio");
            assertThat(form.get("nonce")).matches("[A-Za-z0-9_-]{16,}");
        }
        String firstNonce = FormData.parse(requests.get(0).getBodyAsString()).get("nonce");
        String secondNonce = FormData.parse(requests.get(1).getBodyAsString()).get("nonce");
        assertThat(firstNonce).isNotEqualTo(secondNonce);
    }

    @Test
    void basicAuthFormEncodesKeyAndSecret() {
        // Dex URL-decodes both parts: + % and : in the secret must survive the round trip
        Target target = target().apiKey("cells front+key%2F").apiSecret(TestTargets.fixed("s3cr+t%25:x y:z")).build();

        probe(target);

        LoggedRequest request = cells.findAll(postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH))).get(0);
        assertThat(request.getHeaders().getHeader("Authorization").values()).hasSize(1);
        String[] credentials = FormData.basicCredentials(request.getHeader("Authorization"));
        assertThat(credentials).containsExactly("cells front+key%2F", "s3cr+t%25:x y:z");
    }

    @Test
    void userRequestCarriesOnlyTheIdTokenAsBearer() {
        assertThat(probe().success()).isTrue();

        List<String> issued = issuedIdTokens();
        assertThat(issued).hasSize(1);
        LoggedRequest request = cells.findAll(getRequestedFor(urlEqualTo(USER_URL))).get(0);
        assertThat(request.getHeaders().getHeader("Authorization").values())
                .containsExactly("Bearer " + issued.get(0));
        // no Basic client credentials, no cookie, no access_token anywhere
        assertThat(request.getHeaders().all()).extracting(HttpHeader::key)
                .noneMatch(name -> name.equalsIgnoreCase("Cookie") || name.equalsIgnoreCase("Proxy-Authorization"));
        assertThat(request.getUrl()).isEqualTo(USER_URL);
        assertThat(request.getBodyAsString()).isEmpty();
        assertThat(request.getHeaders().all().toString()).doesNotContain("access-token-jp4xk2a7bs2n5vq3");
    }

    @Test
    void everyRequestAsksForItsOwnConnection() {
        // no keep-alive: each probe pays DNS, TCP and TLS like a user's first login

        assertThat(probe().success()).isTrue();

        assertThat(cells.findAll(anyRequestedFor(anyUrl())))
                .hasSize(2)
                .allSatisfy(request -> assertThat(request.getHeader("Connection")).isEqualToIgnoringCase("close"));
    }

    @Test
    void issuedTokenEchoesTheNonceSent() {
        // guards the test fixture itself: the success tests really exercise the nonce check

        assertThat(probe().success()).isTrue();

        LoggedRequest token = cells.findAll(postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH))).get(0);
        String sent = FormData.parse(token.getBodyAsString()).get("nonce");
        assertThat(TestJwt.payload(issuedIdTokens().get(0)).getString("nonce")).isEqualTo(sent);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "monitor bot           | /a/user/monitor%20bot",
            "monitor@example.com   | /a/user/monitor%40example.com",
            "a+b                   | /a/user/a%2Bb",
            "rené                  | /a/user/ren%C3%A9" })
    void loginIsUrlEncodedInUserPath(String login, String expectedPath) {
        tokenAnswers(DexTokenTransformer.answer(TestJwt.issuedAt(NOW, login), 599));
        cells.stubFor(get(urlEqualTo(expectedPath))
                .willReturn(CellsAnswers.user(login)));

        ProbeResult result = probe(target().username(login).build());

        assertThat(result.failure()).isEmpty();
        cells.verify(1, getRequestedFor(urlEqualTo(expectedPath)));
        LoggedRequest token = cells.findAll(postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH))).get(0);
        assertThat(FormData.parse(token.getBodyAsString())).containsEntry("username", login);
    }
}
