package io.cellsprobe.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.time.Instant;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestJwt;

/**
 * A Cells v1 stand-in on 127.0.0.1 answering like the real server (docs/cells-api.md):
 * Dex password grant with client Basic auth, then GET /a/user/{login} accepting only the
 * id_token as Bearer. {@link #changePassword(String)} is a password rotated on the Cells side:
 * from then on the monitor's password is refused the way Cells refuses a wrong password
 * (403 access_denied) until the monitor is given the new one.
 */
final class FakeCells implements AutoCloseable {

    static final String API_KEY = "cells-front";
    static final String API_SECRET = "it-client-secret";
    static final String USERNAME = "monitor";
    static final String PASSWORD = "it-password";
    static final int EXPIRES_IN = 599;

    private final WireMockServer server;
    private final String apiKey;
    private final String apiSecret;
    private final String username;
    private final String idToken;
    private StubMapping acceptedLogin;

    private FakeCells(WireMockServer server, String apiKey, String apiSecret, String username) {
        this.server = server;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.username = username;
        this.idToken = TestJwt.issuedAt(Instant.now(), username).claim("aud", apiKey)
                .expiresAt(Instant.now().plusSeconds(3600)).encode();
    }

    static FakeCells start() {
        return start(API_KEY, API_SECRET, USERNAME, PASSWORD);
    }

    /** A server that knows one client and one account with these credentials. */
    static FakeCells start(String apiKey, String apiSecret, String username, String password) {
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        FakeCells cells = new FakeCells(server, apiKey, apiSecret, username);
        cells.stubHealthyServer(password);
        return cells;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private void stubHealthyServer(String password) {
        acceptLogin(password);
        // a known client with any other password: what Cells answers for a wrong password, an
        // unknown user or a blocked account
        server.stubFor(post(urlPathEqualTo("/auth/dex/token")).atPriority(8)
                .withBasicAuth(apiKey, apiSecret)
                .willReturn(CellsAnswers.oauthError(403, "access_denied")));
        // what Dex answers when the client authentication does not match
        server.stubFor(post(urlPathEqualTo("/auth/dex/token")).atPriority(9)
                .willReturn(CellsAnswers.oauthError(401, "invalid_client")));
        server.stubFor(get(urlPathEqualTo("/a/user/" + username)).atPriority(5)
                .withHeader("Authorization", equalTo("Bearer " + idToken))
                .willReturn(CellsAnswers.user(username)));
        // Cells answers any other Authorization (e.g. the access_token) with a plain-text 401
        server.stubFor(get(urlPathMatching("/a/user/.*")).atPriority(9)
                .willReturn(CellsAnswers.unauthorized()));
        // served anonymously by a healthy Cells: the evidence that a refused login is the password
        server.stubFor(get(urlPathEqualTo(CellsAnswers.BOOTCONF_PATH)).willReturn(CellsAnswers.bootconf()));
    }

    /** The account's password is now {@code password}: any other is refused with 403 access_denied. */
    void changePassword(String password) {
        server.removeStub(acceptedLogin);
        acceptLogin(password);
    }

    private void acceptLogin(String password) {
        acceptedLogin = server.stubFor(post(urlPathEqualTo("/auth/dex/token")).atPriority(5)
                .withBasicAuth(apiKey, apiSecret)
                .withFormParam("grant_type", equalTo("password"))
                .withFormParam("username", equalTo(username))
                .withFormParam("password", equalTo(password))
                .willReturn(CellsAnswers.token(idToken, EXPIRES_IN)));
    }

    @Override
    public void close() {
        server.stop();
    }
}
