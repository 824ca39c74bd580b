package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cellsprobe.probe.FailureReason.DNS;
import static io.cellsprobe.probe.FailureReason.INTERNAL;
import static io.cellsprobe.probe.FailureReason.TLS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Secret;
import io.cellsprobe.config.SecretSource;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.UserCheck;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.json.JsonObject;

/**
 * {@link Phase#reasons} checked against real failures: each test stages, on WireMock, every fault
 * its step can meet and requires the reasons the probe gives to be exactly the declared ones. A
 * reason the probe gives but the step does not declare would be a failure counter that appears
 * from nowhere; one it declares but never gives would be a series that is always 0.
 */
class PhaseTest extends ProbeTestSupport {

    /** A bug of ours: no fault of Cells produces it. */
    private static final Set<FailureReason> NOT_STAGED = EnumSet.of(INTERNAL);
    /** Long enough for the first TLS handshake of a cold JVM, which must not pass for a timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String REALM = "/realms/cells";
    private static final String OIDC_TOKEN_PATH = REALM + "/token";
    private static final String DEX_DISCOVERY = "/auth/dex/.well-known/openid-configuration";
    private static final String HYDRA_DISCOVERY = "/oidc/.well-known/openid-configuration";
    private static final String SESSION_PATH = AuthSettings.DEFAULT_SESSION_PATH;

    private static final AuthSettings OIDC = auth(Flavor.OIDC_PASSWORD, false);
    private static final AuthSettings AUTO = auth(Flavor.AUTO, false);
    private static final AuthSettings SESSION = auth(Flavor.FRONTEND_SESSION, false);
    private static final AuthSettings DEX_REFRESHING = auth(Flavor.DEX_PASSWORD, true);
    /** The fault is in the target's URL (its name or its certificate): nothing to answer. */
    private static final Runnable NOTHING = () -> { };

    /** The reasons the staged faults gave, by the flavor of the target that met them. */
    private final Map<Flavor, Set<FailureReason>> given = new EnumMap<>(Flavor.class);

    @Test
    void discoveryGivesExactlyItsReasons() {
        // oidc-password: the provider's document
        stage(Phase.DISCOVERY, oidc(unresolvable(), httpUrl()), NOTHING);
        stage(Phase.DISCOVERY, oidc(untrusted(), httpUrl()), NOTHING);
        for (ResponseDefinitionBuilder fault : new ResponseDefinitionBuilder[] { reset(), slow(), html(),
                CellsAnswers.oauthError(500, "server_error") }) {
            stage(Phase.DISCOVERY, oidc(httpUrl(), httpUrl()), () -> cells.stubFor(get(urlEqualTo(
                    REALM + "/.well-known/openid-configuration")).willReturn(fault)));
        }
        // auto: Cells' two documents; any answer but a document is "not this generation"
        stage(Phase.DISCOVERY, target(unresolvable(), AUTO), NOTHING);
        stage(Phase.DISCOVERY, target(untrusted(), AUTO), NOTHING);
        for (ResponseDefinitionBuilder fault : new ResponseDefinitionBuilder[] { reset(), slow(), html(),
                CellsAnswers.oauthError(500, "server_error") }) {
            stage(Phase.DISCOVERY, target(httpUrl(), AUTO), () -> {
                cells.stubFor(get(urlEqualTo(DEX_DISCOVERY)).willReturn(fault));
                cells.stubFor(get(urlEqualTo(HYDRA_DISCOVERY)).willReturn(fault));
            });
        }

        assertThat(given(Flavor.OIDC_PASSWORD)).isEqualTo(declaredAndStaged(Phase.DISCOVERY, OIDC));
        assertThat(given(Flavor.AUTO)).isEqualTo(declaredAndStaged(Phase.DISCOVERY, AUTO));
    }

    @Test
    void tokenGivesExactlyItsReasons() {
        stage(Phase.TOKEN, target(unresolvable(), AuthSettings.DEX), NOTHING);
        stage(Phase.TOKEN, target(untrusted(), AuthSettings.DEX), NOTHING);
        for (ResponseDefinitionBuilder fault : new ResponseDefinitionBuilder[] { reset(), slow(), html(),
                CellsAnswers.oauthError(500, "server_error"), CellsAnswers.oauthError(401, "invalid_client"),
                CellsAnswers.oauthError(403, "access_denied"), CellsAnswers.token(null, 599),
                CellsAnswers.v1AccountBlocked(TestTargets.USERNAME) }) {
            stage(Phase.TOKEN, target(httpUrl(), AuthSettings.DEX),
                    () -> cells.stubFor(post(urlEqualTo(TestTargets.TOKEN_PATH)).willReturn(fault)));
        }
        stage(Phase.TOKEN, target(httpUrl(), AuthSettings.DEX), () -> {
            cells.stubFor(post(urlEqualTo(TestTargets.TOKEN_PATH)).willReturn(CellsAnswers.v1LoginRefused()));
            databaseDown();
        });

        assertThat(given(Flavor.DEX_PASSWORD)).isEqualTo(declaredAndStaged(Phase.TOKEN, AuthSettings.DEX));
    }

    @Test
    void sessionGivesExactlyItsReasons() {
        stage(Phase.SESSION, target(unresolvable(), SESSION), NOTHING);
        stage(Phase.SESSION, target(untrusted(), SESSION), NOTHING);
        for (ResponseDefinitionBuilder fault : new ResponseDefinitionBuilder[] { reset(), slow(), html(),
                CellsAnswers.oauthError(500, "server_error"),
                CellsAnswers.json(401, "{\"Title\":\"Login failed\"}"), CellsAnswers.json(200, "{\"ExpireTime\":599}"),
                CellsAnswers.v2AccountLocked() }) {
            stage(Phase.SESSION, target(httpUrl(), SESSION),
                    () -> cells.stubFor(post(urlEqualTo(SESSION_PATH)).willReturn(fault)));
        }
        stage(Phase.SESSION, target(httpUrl(), SESSION), () -> {
            cells.stubFor(post(urlEqualTo(SESSION_PATH)).willReturn(CellsAnswers.v2SessionWithDatabaseDown()));
            databaseDown();
        });

        assertThat(given(Flavor.FRONTEND_SESSION)).isEqualTo(declaredAndStaged(Phase.SESSION, SESSION));
    }

    /**
     * The refresh grant goes to the endpoint the password grant has just reached: only a resolver or
     * a certificate that changes in between gives dns or tls there, which no fault here can stage.
     */
    @Test
    void refreshGivesExactlyItsReasons() {
        for (ResponseDefinitionBuilder fault : new ResponseDefinitionBuilder[] { reset(), slow(), html(),
                CellsAnswers.oauthError(500, "server_error"), CellsAnswers.oauthError(401, "invalid_client"),
                CellsAnswers.oauthError(403, "access_denied"), CellsAnswers.oauthError(400, "invalid_grant") }) {
            stage(Phase.REFRESH, target(httpUrl(), DEX_REFRESHING), () -> {
                cells.stubFor(post(urlEqualTo(TestTargets.TOKEN_PATH))
                        .withRequestBody(containing("grant_type=password")).willReturn(CellsAnswers.json(200,
                                new JsonObject(CellsAnswers.tokenJson(validJwt().encode(), 599))
                                        .put("refresh_token", "refresh-token-4Kq9Zx2Lm7").encode())));
                cells.stubFor(post(urlEqualTo(TestTargets.TOKEN_PATH))
                        .withRequestBody(containing("grant_type=refresh_token")).willReturn(fault));
            });
        }

        Set<FailureReason> declared = declaredAndStaged(Phase.REFRESH, DEX_REFRESHING);
        declared.removeAll(EnumSet.of(DNS, TLS));
        assertThat(given(Flavor.DEX_PASSWORD)).isEqualTo(declared);
    }

    /**
     * Dex's user step goes to the host its token step has just reached, so its dns and tls come
     * from a resolver or certificate change in between; they are staged with Cells behind another
     * host than the OpenID provider.
     */
    @Test
    void userGivesExactlyItsReasons() {
        for (ResponseDefinitionBuilder fault : new ResponseDefinitionBuilder[] { reset(), slow(), html(),
                CellsAnswers.oauthError(500, "server_error"), CellsAnswers.unauthorized(),
                CellsAnswers.json(404, "{\"Title\":\"cannot find user with login monitor\"}"),
                CellsAnswers.user("someone-else") }) {
            stage(Phase.USER, target(httpUrl(), AuthSettings.DEX), () -> {
                cells.stubFor(get(urlEqualTo(USER_URL)).willReturn(fault));
            });
        }
        // Cells behind another host than the OpenID provider: its name or certificate can fail alone
        for (String cellsUrl : new String[] { unresolvable(), untrusted() }) {
            stage(Phase.USER, oidc(httpUrl(), cellsUrl), this::providerLogsIn);
        }
        // a personal access token is checked in the user step, before its request
        stage(Phase.USER, target(httpUrl(), new AuthSettings(Flavor.PERSONAL_ACCESS_TOKEN, Optional.empty(),
                UserCheck.CELLS, SESSION_PATH, Optional.of(SecretSource.fixed(Secret.of(
                        validJwt().expiresAt(NOW.minusSeconds(60)).encode()))), false)), NOTHING);

        Set<FailureReason> dexWithoutHostChange = declaredAndStaged(Phase.USER, AuthSettings.DEX);
        dexWithoutHostChange.removeAll(EnumSet.of(DNS, TLS));
        assertThat(given(Flavor.DEX_PASSWORD)).isEqualTo(dexWithoutHostChange);
        assertThat(given(Flavor.OIDC_PASSWORD)).isEqualTo(EnumSet.of(DNS, TLS));
        assertThat(given(Flavor.DEX_PASSWORD, Flavor.OIDC_PASSWORD, Flavor.PERSONAL_ACCESS_TOKEN))
                .isEqualTo(declaredAndStaged(Phase.USER, auth(Flavor.PERSONAL_ACCESS_TOKEN, false)));
        assertThat(Phase.USER.reasons(AuthSettings.DEX)).as("a login's token is checked in its own step")
                .doesNotContain(FailureReason.TOKEN_INVALID);
    }

    @Test
    void theWholeProbeNeverFailsByItself() {
        for (Flavor flavor : Flavor.values()) {
            assertThat(Phase.TOTAL.reasons(auth(flavor, true))).as(flavor.label()).isEmpty();
            assertThat(Phase.stepsFor(auth(flavor, true))).as(flavor.label()).doesNotContain(Phase.TOTAL);
        }
    }

    // --- staging ---

    /**
     * Runs one probe against the answers given and records its reason, which must be declared for
     * the step and the target's settings.
     */
    private void stage(Phase step, Target target, Runnable answers) {
        cells.resetAll();
        cells.heal();
        answers.run();

        ProbeResult result = probe(target);

        ProbeFailure failure = result.failure().orElseThrow(() -> new AssertionError("no failure: " + result));
        assertThat(failure.phase()).as("phase of %s", failure).isEqualTo(step);
        assertThat(step.reasons(target.auth())).as("reasons %s declares for %s (%s)", step,
                target.auth().flavor().label(), failure).contains(failure.reason());
        given.computeIfAbsent(target.auth().flavor(), flavor -> EnumSet.noneOf(FailureReason.class))
                .add(failure.reason());
    }

    private Set<FailureReason> given(Flavor... flavors) {
        Set<FailureReason> reasons = EnumSet.noneOf(FailureReason.class);
        for (Flavor flavor : flavors) {
            reasons.addAll(given.getOrDefault(flavor, Set.of()));
        }
        return reasons;
    }

    private static Set<FailureReason> declaredAndStaged(Phase step, AuthSettings auth) {
        Set<FailureReason> declared = EnumSet.copyOf(step.reasons(auth));
        declared.removeAll(NOT_STAGED);
        return declared;
    }

    /** Cells' database down: even the anonymous bootconf is refused. */
    private void databaseDown() {
        cells.stubFor(get(urlEqualTo(CellsAnswers.BOOTCONF_PATH)).atPriority(1).willReturn(CellsAnswers.unauthorized()));
    }

    private void providerLogsIn() {
        cells.stubFor(get(urlEqualTo(REALM + "/.well-known/openid-configuration")).willReturn(CellsAnswers.json(200,
                new JsonObject().put("issuer", httpUrl() + REALM).put("token_endpoint", httpUrl() + OIDC_TOKEN_PATH)
                        .encode())));
        cells.stubFor(post(urlEqualTo(OIDC_TOKEN_PATH)).willReturn(CellsAnswers.json(200, new JsonObject()
                .put("access_token", "provider-access-token-7Hq2Zx").put("expires_in", 300)
                .put("token_type", "Bearer").encode())));
    }

    private static AuthSettings auth(Flavor flavor, boolean refresh) {
        return new AuthSettings(flavor, Optional.empty(), UserCheck.CELLS, SESSION_PATH, Optional.empty(), refresh);
    }

    private static Target target(String url, AuthSettings auth) {
        return TestTargets.at(url).timeout(TIMEOUT).auth(auth).build();
    }

    /** oidc-password: the provider at {@code providerUrl}, Cells (the user step) at {@code cellsUrl}. */
    private static Target oidc(String providerUrl, String cellsUrl) {
        return target(cellsUrl, new AuthSettings(Flavor.OIDC_PASSWORD, Optional.of(URI.create(providerUrl + REALM)),
                UserCheck.CELLS, SESSION_PATH, Optional.empty(), false));
    }

    /** .invalid never resolves (RFC 6761). */
    private String unresolvable() {
        return "http://cells-probe-phase-test.invalid:" + cells.port();
    }

    /** WireMock's own certificate, which nothing trusts. */
    private String untrusted() {
        return "https://127.0.0.1:" + cells.httpsPort();
    }

    private static ResponseDefinitionBuilder reset() {
        return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
    }

    private static ResponseDefinitionBuilder slow() {
        return CellsAnswers.loginPage().withFixedDelay((int) TIMEOUT.multipliedBy(2).toMillis());
    }

    private static ResponseDefinitionBuilder html() {
        return CellsAnswers.loginPage();
    }
}
