package io.cellsprobe.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.vertx.core.json.JsonObject;

/**
 * The Cells v1 of every test: WireMock on 127.0.0.1 (http, and https with WireMock's self-signed
 * certificate) answering like a real Cells v1 (docs/cells-api.md) for one {@link Account}:
 * <ul>
 * <li>{@code POST /auth/dex/token}: Dex's password grant, the client's Basic credentials form-encoded;
 * a fresh id_token per login (issued at the server's clock, echoing the nonce); any other password
 * 403 access_denied, any other client 401 invalid_client;</li>
 * <li>{@code GET /a/user/{login}}: the user record for an unexpired id_token it issued, 401
 * {@code Unauthorized.} for any other Bearer;</li>
 * <li>{@code GET /a/frontend/bootconf}: 200 JSON, anonymously.</li>
 * </ul>
 * {@link #breakWith} switches to one way Cells breaks until {@link #heal}; {@link #changePassword}
 * rotates the account's password on the Cells side. Tests may stub odd answers on top: a stub added
 * later at the default priority wins over these.
 */
public final class CellsV1Server extends WireMockServer implements AutoCloseable {

    public static final String TOKEN_PATH = "/auth/dex/token";

    /** The client and the monitoring account Cells knows. */
    public record Account(String apiKey, String apiSecret, String username, String password) {

        /** The account of the {@code @QuarkusTest} application and of the packaged-jar tests. */
        public static final Account MONITOR = new Account("cells-front", "api-secret+with%odd:chars-5b1e", "monitor",
                "monitor-password-c0ffee");

        public Account withPassword(String newPassword) {
            return new Account(apiKey, apiSecret, username, newPassword);
        }

        @Override
        public String toString() {
            return "Account[apiKey=" + apiKey + ", username=" + username + "]";
        }
    }

    /** The ways a Cells login path breaks, each answered as a real Cells (or its proxy) would. */
    public enum Breakage {
        CREDENTIALS_REJECTED, CLIENT_REJECTED, SERVER_ERROR, CONNECTION_RESET, TOKEN_HTML, USER_HTML,
        TOKEN_WITHOUT_ID_TOKEN, EXPIRED_TOKEN, USER_UNAUTHORIZED, USER_NOT_FOUND, LOGIN_MISMATCH, USER_UNAVAILABLE,
        SLOW_TOKEN,
        /** Cells' database down: the right password refused like a wrong one, every /a/ call refused. */
        DATABASE_DOWN
    }

    private final Clock clock;
    /** Every id_token the healthy token endpoint issued: the Bearers the user endpoint accepts until they expire. */
    private final Set<String> idTokens;
    private volatile Account account;

    private CellsV1Server(Account account, Clock clock, Set<String> idTokens) {
        super(wireMockConfig().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1")
                .extensions(new DexTokenTransformer(clock, idTokens::add)));
        this.account = account;
        this.clock = clock;
        this.idTokens = idTokens;
    }

    /** A started, healthy Cells v1 for {@code account}, issuing tokens at the system clock. */
    public static CellsV1Server healthy(Account account) {
        return healthy(account, Clock.systemUTC());
    }

    /** A started, healthy Cells v1 for {@code account}, issuing tokens and checking their expiry at {@code clock}. */
    public static CellsV1Server healthy(Account account, Clock clock) {
        CellsV1Server cells = new CellsV1Server(account, clock, ConcurrentHashMap.newKeySet());
        cells.start();
        cells.heal();
        return cells;
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The account as Cells knows it now (its password may have been changed). */
    public Account account() {
        return account;
    }

    /** Every id_token and access_token this server answered so far, to search outputs for leaks. */
    public List<String> issuedTokens() {
        List<String> tokens = new ArrayList<>(issued("id_token"));
        tokens.addAll(issued("access_token"));
        return tokens;
    }

    /** Every value of this field in a JSON answer of this server (e.g. the id_tokens it issued), read from its journal. */
    public List<String> issued(String field) {
        List<String> tokens = new ArrayList<>();
        for (ServeEvent event : getAllServeEvents()) {
            try {
                Object token = new JsonObject(event.getResponse().getBodyAsString()).getValue(field);
                if (token instanceof String text && !text.isEmpty()) {
                    tokens.add(text);
                }
            } catch (RuntimeException notAJsonObject) {
                // no token in it
            }
        }
        return tokens;
    }

    /** Answers like a healthy Cells v1 again: every breakage and every stub a test added are gone. */
    public synchronized void heal() {
        resetMappings();
        acceptLogin();
        // a known client with any other password: what Cells answers for a wrong password, an unknown user or a blocked account
        stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(8).withBasicAuth(formEncode(account.apiKey()),
                formEncode(account.apiSecret())).willReturn(CellsAnswers.v1LoginRefused()));
        // what Dex answers when the client authentication does not match
        stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(9).willReturn(CellsAnswers.oauthError(401, "invalid_client")));
        // Like Cells, every unexpired id_token it issued is good, not only the latest.
        stubFor(get(urlPathEqualTo(userPath())).andMatching(this::bearerIssuedAndUnexpired)
                .willReturn(CellsAnswers.user(account.username())));
        // Cells answers any other Authorization (e.g. the access_token) with a plain-text 401
        stubFor(get(urlPathMatching("/a/user/.*")).atPriority(9).willReturn(CellsAnswers.unauthorized()));
        // served anonymously by a healthy Cells: the evidence that a refused login is the password
        stubFor(get(urlPathEqualTo(CellsAnswers.BOOTCONF_PATH)).willReturn(CellsAnswers.bootconf()));
    }

    /** The account's password is now {@code password} (until changed again, heal or not): any other is refused. */
    public synchronized void changePassword(String password) {
        account = account.withPassword(password);
        heal();
    }

    public synchronized void breakWith(Breakage breakage) {
        heal();
        switch (breakage) {
            case CREDENTIALS_REJECTED -> token(CellsAnswers.oauthError(403, "access_denied"));
            case CLIENT_REJECTED -> token(CellsAnswers.oauthError(401, "invalid_client"));
            case SERVER_ERROR -> token(CellsAnswers.oauthError(500, "server_error"));
            case CONNECTION_RESET -> token(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            case TOKEN_HTML -> token(CellsAnswers.loginPage());
            case USER_HTML -> user(CellsAnswers.loginPage());
            case TOKEN_WITHOUT_ID_TOKEN -> token(CellsAnswers.token(null, 599));
            case EXPIRED_TOKEN -> token(CellsAnswers.token(TestJwt.issuedAt(clock.instant(), account.username())
                    .claim("aud", account.apiKey()).expiresAt(clock.instant().minusSeconds(60)).encode(), "599"));
            case USER_UNAUTHORIZED -> user(CellsAnswers.unauthorized());
            case USER_NOT_FOUND -> user(CellsAnswers.json(404, new JsonObject()
                    .put("Title", "cannot find user with login " + account.username()).put("Detail", "Not Found").encode()));
            case LOGIN_MISMATCH -> user(okJson("{\"Login\":\"someone-else\"}"));
            case USER_UNAVAILABLE -> user(aResponse().withStatus(503).withHeader("Content-Type", "text/plain")
                    .withBody("Service unavailable."));
            case SLOW_TOKEN -> token(aResponse().withFixedDelay(5_000).withStatus(500));
            case DATABASE_DOWN -> {
                token(CellsAnswers.v1LoginRefused());
                user(CellsAnswers.unauthorized());
                stubFor(get(urlPathEqualTo(CellsAnswers.BOOTCONF_PATH)).atPriority(1).willReturn(CellsAnswers.unauthorized()));
            }
        }
    }

    private void acceptLogin() {
        stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withBasicAuth(formEncode(account.apiKey()), formEncode(account.apiSecret()))
                .withFormParam("grant_type", equalTo("password"))
                .withFormParam("username", equalTo(account.username()))
                .withFormParam("password", equalTo(account.password()))
                .willReturn(DexTokenTransformer.issue(account.username(), account.apiKey(), 599)));
    }

    private MatchResult bearerIssuedAndUnexpired(Request request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return MatchResult.noMatch();
        }
        String bearer = authorization.substring("Bearer ".length());
        return MatchResult.of(idTokens.contains(bearer)
                && clock.instant().getEpochSecond() < TestJwt.payload(bearer).getLong("exp"));
    }

    private void token(ResponseDefinitionBuilder answer) {
        stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1).willReturn(answer));
    }

    private void user(ResponseDefinitionBuilder answer) {
        stubFor(get(urlPathEqualTo(userPath())).atPriority(1).willReturn(answer));
    }

    private String userPath() {
        return "/a/user/" + account.username();
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
