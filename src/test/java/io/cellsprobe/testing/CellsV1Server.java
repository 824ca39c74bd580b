package io.cellsprobe.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;

import io.vertx.core.json.JsonObject;

/**
 * The Cells v1 of every test, a {@link CellsLikeServer} answering like a real Cells v1
 * (docs/cells-api.md):
 * <ul>
 * <li>{@code POST /auth/dex/token}: Dex's password grant, the client's Basic credentials form-encoded;
 * a fresh id_token per login (issued at the server's clock, echoing the nonce), the Bearer the user
 * endpoint accepts; any other password 403 access_denied, any other client 401 invalid_client;</li>
 * <li>{@code GET /auth/dex/.well-known/openid-configuration}: Dex's discovery document;</li>
 * <li>the user endpoint and bootconf every generation shares.</li>
 * </ul>
 * {@link #breakWith} switches to one way Cells breaks until {@link #heal}; {@link #changePassword}
 * rotates the account's password on the Cells side.
 */
public final class CellsV1Server extends CellsLikeServer {

    public static final String TOKEN_PATH = "/auth/dex/token";
    public static final String DEX_DISCOVERY_PATH = "/auth/dex/.well-known/openid-configuration";

    /** The ways a Cells login path breaks, each answered as a real Cells (or its proxy) would. */
    public enum Breakage {
        CREDENTIALS_REJECTED, CLIENT_REJECTED, SERVER_ERROR, CONNECTION_RESET, TOKEN_HTML, USER_HTML,
        TOKEN_WITHOUT_ID_TOKEN, EXPIRED_TOKEN, USER_UNAUTHORIZED, USER_NOT_FOUND, LOGIN_MISMATCH, USER_UNAVAILABLE,
        SLOW_TOKEN,
        /** Cells' database down: the right password refused like a wrong one, every /a/ call refused. */
        DATABASE_DOWN
    }

    private CellsV1Server(WireMockConfiguration config, Account account, Clock clock, Map<String, Instant> idTokens) {
        super(config, account, clock, idTokens, TOKEN_PATH);
    }

    /** A started, healthy Cells v1 for {@code account}, issuing tokens at the system clock. */
    public static CellsV1Server healthy(Account account) {
        return healthy(account, Clock.systemUTC());
    }

    /** A started, healthy Cells v1 for {@code account}, issuing tokens and checking their expiry at {@code clock}. */
    public static CellsV1Server healthy(Account account, Clock clock) {
        return start(loopback(), account, clock);
    }

    /**
     * A started, healthy Cells v1 for {@code account} whose https port presents the key and chain
     * under the alias of this PKCS12 keystore (key and store with the same password).
     */
    public static CellsV1Server behindHttps(Account account, Path pkcs12Keystore, String password) {
        return start(loopback().keystorePath(pkcs12Keystore.toString()).keystoreType("PKCS12")
                .keystorePassword(password).keyManagerPassword(password), account, Clock.systemUTC());
    }

    private static CellsV1Server start(WireMockConfiguration config, Account account, Clock clock) {
        Map<String, Instant> idTokens = new ConcurrentHashMap<>();
        CellsV1Server cells = new CellsV1Server(config.extensions(new DexTokenTransformer(clock,
                idToken -> idTokens.put(idToken, Instant.ofEpochSecond(TestJwt.payload(idToken).getLong("exp"))))),
                account, clock, idTokens);
        cells.start();
        cells.heal();
        return cells;
    }

    @Override
    protected List<String> tokenFields() {
        return List.of("id_token", "access_token");
    }

    @Override
    protected void stubHealthyLogin(Account account) {
        stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withBasicAuth(formEncode(account.apiKey()), formEncode(account.apiSecret()))
                .withFormParam("grant_type", equalTo("password"))
                .withFormParam("username", equalTo(account.username()))
                .withFormParam("password", equalTo(account.password()))
                .willReturn(DexTokenTransformer.issue(account.username(), account.apiKey(), 599)));
        // a known client with any other password: what Cells answers for a wrong password, an unknown user or a blocked account
        stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(8).withBasicAuth(formEncode(account.apiKey()),
                formEncode(account.apiSecret())).willReturn(CellsAnswers.v1LoginRefused()));
        // what Dex answers when the client authentication does not match
        stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(9).willReturn(CellsAnswers.oauthError(401, "invalid_client")));
        stubFor(get(urlPathEqualTo(DEX_DISCOVERY_PATH)).willReturn(CellsAnswers.dexDiscovery(url())));
    }

    public synchronized void breakWith(Breakage breakage) {
        heal();
        Account account = account();
        switch (breakage) {
            case CREDENTIALS_REJECTED -> loginAnswers(CellsAnswers.oauthError(403, "access_denied"));
            case CLIENT_REJECTED -> loginAnswers(CellsAnswers.oauthError(401, "invalid_client"));
            case SERVER_ERROR -> loginAnswers(CellsAnswers.oauthError(500, "server_error"));
            case CONNECTION_RESET -> loginAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            case TOKEN_HTML -> loginAnswers(CellsAnswers.loginPage());
            case USER_HTML -> userAnswers(CellsAnswers.loginPage());
            case TOKEN_WITHOUT_ID_TOKEN -> loginAnswers(CellsAnswers.token(null, 599));
            case EXPIRED_TOKEN -> loginAnswers(CellsAnswers.token(TestJwt.issuedAt(clock.instant(), account.username())
                    .claim("aud", account.apiKey()).expiresAt(clock.instant().minusSeconds(60)).encode(), "599"));
            case USER_UNAUTHORIZED -> userAnswers(CellsAnswers.unauthorized());
            case USER_NOT_FOUND -> userAnswers(CellsAnswers.json(404, new JsonObject()
                    .put("Title", "cannot find user with login " + account.username()).put("Detail", "Not Found").encode()));
            case LOGIN_MISMATCH -> userAnswers(okJson("{\"Login\":\"someone-else\"}"));
            case USER_UNAVAILABLE -> userAnswers(aResponse().withStatus(503).withHeader("Content-Type", "text/plain")
                    .withBody("Service unavailable."));
            case SLOW_TOKEN -> loginAnswers(aResponse().withFixedDelay(5_000).withStatus(500));
            case DATABASE_DOWN -> databaseDown(CellsAnswers.v1LoginRefused());
        }
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
