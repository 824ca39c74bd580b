package io.cellsprobe.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * The Cells v2+ (ORY Hydra) of every test, a {@link CellsLikeServer} answering like a real Cells v2
 * to v5 (docs/cells-api.md):
 * <ul>
 * <li>{@code POST /a/frontend/session} with the account's login and password: a fresh session per
 * login, issued at the server's clock ({@link CellsAnswers#sessionJson}); its access token is the
 * Bearer the user endpoint accepts, its IDToken is not; any other password 401 "Login failed";</li>
 * <li>{@code GET /oidc/.well-known/openid-configuration}: Hydra's discovery document;</li>
 * <li>Dex is gone: every {@code /auth/dex/...} path answers the web login page;</li>
 * <li>the user endpoint and bootconf every generation shares.</li>
 * </ul>
 * {@link #breakWith} switches to one way Cells v2 breaks until {@link #heal}; {@link #answerSession}
 * stages an odd session answer a test needs.
 */
public final class CellsV2Server extends CellsLikeServer {

    public static final String SESSION_PATH = "/a/frontend/session";
    public static final String HYDRA_DISCOVERY_PATH = "/oidc/.well-known/openid-configuration";

    /** The ways a Cells v2+ login path breaks, each answered as a real Cells v2 does. */
    public enum Breakage {
        /** Locked after failed logins: every login refused "User is locked", even the right password. */
        ACCOUNT_LOCKED,
        /** Sessions are issued but every /a/ call answers 401 (e.g. the external URL does not match). */
        USER_UNAUTHORIZED,
        /** Cells' database down: the right password refused with a plain-text 401, every /a/ call refused. */
        DATABASE_DOWN
    }

    private CellsV2Server(WireMockConfiguration config, Account account, Clock clock, Map<String, Instant> accessTokens) {
        super(config, account, clock, accessTokens, SESSION_PATH);
    }

    /** A started, healthy Cells v2 for {@code account}, issuing sessions and checking their expiry at {@code clock}. */
    public static CellsV2Server healthy(Account account, Clock clock) {
        Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
        CellsV2Server cells = new CellsV2Server(loopback().extensions(new SessionTransformer(clock, accessTokens::put)),
                account, clock, accessTokens);
        cells.start();
        cells.heal();
        return cells;
    }

    /** A started, healthy Cells v2 for {@code account}, issuing sessions at the system clock. */
    public static CellsV2Server healthy(Account account) {
        return healthy(account, Clock.systemUTC());
    }

    @Override
    protected List<String> tokenFields() {
        return List.of("JWT", "AccessToken", "IDToken", "RefreshToken");
    }

    @Override
    protected void stubHealthyLogin(Account account) {
        stubFor(sessionOf(account).willReturn(SessionTransformer.issue(account.username(), url() + "/oidc/")));
        // any other login or password, database up
        stubFor(post(urlPathEqualTo(SESSION_PATH)).atPriority(8).willReturn(CellsAnswers.v2WrongPassword()));
        stubFor(get(urlPathEqualTo(HYDRA_DISCOVERY_PATH)).willReturn(CellsAnswers.hydraDiscovery(url())));
        stubFor(any(urlPathMatching("/auth/dex/.*")).atPriority(9).willReturn(CellsAnswers.loginPage()));
    }

    /**
     * Until healed, the account's login is answered {@code session} (a shape a test needs) instead of a
     * fresh session, and the user endpoint accepts {@code bearer} as an access token it issued, for
     * the usual lifetime from now.
     */
    public synchronized void answerSession(String session, String bearer) {
        stubFor(sessionOf(account()).willReturn(CellsAnswers.json(200, session)));
        accept(bearer, clock.instant().plusSeconds(SessionTransformer.ACCESS_TOKEN_LIFETIME_SECONDS));
    }

    public synchronized void breakWith(Breakage breakage) {
        heal();
        switch (breakage) {
            case ACCOUNT_LOCKED -> loginAnswers(CellsAnswers.v2AccountLocked());
            case USER_UNAUTHORIZED -> userAnswers(CellsAnswers.unauthorized());
            case DATABASE_DOWN -> databaseDown(CellsAnswers.v2SessionWithDatabaseDown());
        }
    }

    /** A session request with the account's credentials, as Cells' web client sends them. */
    private static MappingBuilder sessionOf(Account account) {
        return post(urlPathEqualTo(SESSION_PATH))
                .withRequestBody(matchingJsonPath("$.AuthInfo.login", equalTo(account.username())))
                .withRequestBody(matchingJsonPath("$.AuthInfo.password", equalTo(account.password())))
                .withRequestBody(matchingJsonPath("$.AuthInfo.type", equalTo("credentials")));
    }
}
