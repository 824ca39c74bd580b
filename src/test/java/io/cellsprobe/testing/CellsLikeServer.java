package io.cellsprobe.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.vertx.core.json.JsonObject;

/**
 * What the Cells-like servers of every generation ({@link CellsV1Server}, {@link CellsV2Server})
 * share: WireMock on 127.0.0.1 (http, and https with WireMock's self-signed certificate unless told
 * otherwise) for one {@link Account}, a clock, and the parts of Cells' API that did not change
 * between generations (docs/cells-api.md):
 * <ul>
 * <li>{@code GET /a/user/{login}}: the user record for an unexpired Bearer the login issued, 401
 * {@code Unauthorized.} for any other;</li>
 * <li>{@code GET /a/frontend/bootconf}: 200 JSON, anonymously;</li>
 * <li>with the database down, the user endpoint and bootconf refuse everything.</li>
 * </ul>
 * Each generation stubs its own login ({@link #stubHealthyLogin}) and its own ways of breaking. Tests
 * may stub odd answers on top: a stub added later at the default priority wins over these.
 */
public abstract class CellsLikeServer extends WireMockServer implements AutoCloseable {

    /** The client and the monitoring account Cells knows (Cells v2+ has no client: it ignores the key and secret). */
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

    protected final Clock clock;
    /** Every Bearer the healthy login issued, with its expiry: what the user endpoint accepts until then. */
    private final Map<String, Instant> bearers;
    private final String loginPath;
    private volatile Account account;

    /**
     * @param config   from {@link #loopback()}, with this generation's extensions
     * @param bearers  the map the login's transformer records each issued Bearer in
     * @param loginPath where this generation's password login is POSTed
     */
    protected CellsLikeServer(WireMockConfiguration config, Account account, Clock clock, Map<String, Instant> bearers,
            String loginPath) {
        super(config);
        this.account = account;
        this.clock = clock;
        this.bearers = bearers;
        this.loginPath = loginPath;
    }

    /** WireMock on 127.0.0.1 only, on free http and https ports. */
    protected static WireMockConfiguration loopback() {
        return wireMockConfig().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1");
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code https://127.0.0.1:<port>} */
    public String httpsUrl() {
        return "https://127.0.0.1:" + httpsPort();
    }

    /** The account as Cells knows it now (its password may have been changed). */
    public Account account() {
        return account;
    }

    /** Every token this server answered so far, to search outputs for leaks. */
    public List<String> issuedTokens() {
        List<String> tokens = new ArrayList<>();
        tokenFields().forEach(field -> tokens.addAll(issued(field)));
        return tokens;
    }

    /**
     * Every value of this field in a JSON answer of this server, at the top or in an object within
     * (e.g. the id_tokens, or the {@code Token.AccessToken}s it issued), read from its journal.
     */
    public List<String> issued(String field) {
        List<String> tokens = new ArrayList<>();
        for (ServeEvent event : getAllServeEvents()) {
            try {
                collect(new JsonObject(event.getResponse().getBodyAsString()), field, tokens);
            } catch (RuntimeException notAJsonObject) {
                // no token in it
            }
        }
        return tokens;
    }

    private static void collect(JsonObject json, String field, List<String> into) {
        if (json.getValue(field) instanceof String text && !text.isEmpty()) {
            into.add(text);
        }
        json.forEach(entry -> {
            if (entry.getValue() instanceof JsonObject inner) {
                collect(inner, field, into);
            }
        });
    }

    /** Answers like a healthy Cells again: every breakage and every stub a test added are gone. */
    public synchronized void heal() {
        resetMappings();
        stubHealthyLogin(account);
        // Like Cells, every unexpired Bearer it issued is good, not only the latest.
        stubFor(get(urlPathEqualTo(userPath())).andMatching(this::bearerIssuedAndUnexpired)
                .willReturn(CellsAnswers.user(account.username())));
        // Cells answers any other Authorization (e.g. the wrong kind of token) with a plain-text 401
        stubFor(get(urlPathMatching("/a/user/.*")).atPriority(9).willReturn(CellsAnswers.unauthorized()));
        // served anonymously by a healthy Cells: the evidence that a refused login is the password
        stubFor(get(urlPathEqualTo(CellsAnswers.BOOTCONF_PATH)).willReturn(CellsAnswers.bootconf()));
    }

    /** The account's password is now {@code password} (until changed again, heal or not): any other is refused. */
    public synchronized void changePassword(String password) {
        account = account.withPassword(password);
        heal();
    }

    /** This generation's healthy login for {@code account}, and its refusal of any other password. */
    protected abstract void stubHealthyLogin(Account account);

    /** The fields of this generation's login answers that hold tokens. */
    protected abstract List<String> tokenFields();

    /** The login answers {@code answer} to every request, until healed. */
    protected void loginAnswers(ResponseDefinitionBuilder answer) {
        stubFor(post(urlPathEqualTo(loginPath)).atPriority(1).willReturn(answer));
    }

    /** The user endpoint answers {@code answer} to every request, until healed. */
    protected void userAnswers(ResponseDefinitionBuilder answer) {
        stubFor(get(urlPathEqualTo(userPath())).atPriority(1).willReturn(answer));
    }

    /**
     * Cells' database down (seen on real v1 and v2): the login answers {@code refusal} even to the right
     * password, and every {@code /a/} call, the user's and the anonymous bootconf, is refused.
     */
    protected void databaseDown(ResponseDefinitionBuilder refusal) {
        loginAnswers(refusal);
        userAnswers(CellsAnswers.unauthorized());
        stubFor(get(urlPathEqualTo(CellsAnswers.BOOTCONF_PATH)).atPriority(1).willReturn(CellsAnswers.unauthorized()));
    }

    /** The user endpoint accepts {@code bearer} as one it issued, until {@code expiresAt}. */
    protected void accept(String bearer, Instant expiresAt) {
        bearers.put(bearer, expiresAt);
    }

    private MatchResult bearerIssuedAndUnexpired(Request request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return MatchResult.noMatch();
        }
        Instant expiresAt = bearers.get(authorization.substring("Bearer ".length()));
        return MatchResult.of(expiresAt != null && clock.instant().isBefore(expiresAt));
    }

    private String userPath() {
        return "/a/user/" + account.username();
    }
}
