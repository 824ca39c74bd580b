package io.cellsprobe.config;

import static io.cellsprobe.config.ValidationFixture.assertProblems;
import static io.cellsprobe.config.ValidationFixture.validOne;
import static io.cellsprobe.config.ValidationFixture.validTarget;
import static io.cellsprobe.config.ValidationFixture.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The flavor, issuer, user-check, session, personal access token, refresh and tls properties. */
class FlavorConfigurationTest {

    private static final String WHERE = "cells-probe.targets.acc.";
    private static final String PAT = "pat-VALUE-5e8d-never-shown";

    private static Map<String, String> acc(String... keyValues) {
        Map<String, String> properties = validTarget("acc");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(WHERE + keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultFlavorIsDexPasswordWithCellsUserCheck() {
        Target target = validOne(acc());

        assertThat(target.auth()).isEqualTo(AuthSettings.DEX);
        assertThat(target.tls()).isEqualTo(TlsSettings.DEFAULT);
        assertThat(target.sessionUri()).hasToString("https://cells.example.org/a/frontend/session");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dex-password", "frontend-session", "auto" })
    void everyFlavorLabelIsAccepted(String label) {
        Target target = validOne(acc("flavor", label));

        assertThat(target.auth().flavor().label()).isEqualTo(label);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "cells-v4", "DEX-PASSWORD", "dex_password" })
    void unknownFlavorIsRejectedWithTheKnownOnes(String flavor) {
        assertProblems(acc("flavor", flavor), WHERE + "flavor '" + flavor + "' is not one of [dex-password, "
                + "frontend-session, personal-access-token, oidc-password, auto]");
    }

    @Test
    void oidcPasswordWithoutIssuerIsRejected() {
        assertProblems(acc("flavor", "oidc-password"), WHERE + "issuer is required with flavor oidc-password");
    }

    @Test
    void oidcPasswordIssuerThatIsNotAUrlIsRejected() {
        assertProblems(acc("flavor", "oidc-password", "issuer", "keycloak.example/realms/cells"),
                WHERE + "issuer must be an http or https URL");
    }

    @Test
    void oidcPasswordWithIssuerIsValid() {
        Target target = validOne(acc("flavor", "oidc-password", "issuer", "https://sso.example.org/realms/cells",
                "user-check", "userinfo"));

        assertThat(target.auth().flavor()).isEqualTo(Flavor.OIDC_PASSWORD);
        assertThat(target.auth().issuer()).contains(URI.create("https://sso.example.org/realms/cells"));
        assertThat(target.auth().userCheck()).isEqualTo(UserCheck.USERINFO);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dex-password", "frontend-session", "auto" })
    void userCheckUserinfoWithoutOidcPasswordIsRejected(String flavor) {
        assertProblems(acc("flavor", flavor, "user-check", "userinfo"),
                WHERE + "user-check userinfo needs flavor oidc-password");
    }

    @Test
    void unknownUserCheckIsRejected() {
        assertProblems(acc("user-check", "profile"), WHERE + "user-check 'profile' is not one of [cells, userinfo]");
    }

    @Test
    void personalAccessTokenFlavorWithoutTokenIsRejected() {
        assertProblems(acc("flavor", "personal-access-token"), WHERE + "personal-access-token (or " + WHERE
                + "personal-access-token-file) is required");
    }

    @Test
    void personalAccessTokenFlavorNeedsNeitherClientNorPassword() {
        Map<String, String> properties = acc("flavor", "personal-access-token", "personal-access-token", PAT);
        properties.remove(WHERE + "api-key");
        properties.remove(WHERE + "api-secret");
        properties.remove(WHERE + "password");

        Target target = validOne(properties);

        assertThat(target.auth().flavor()).isEqualTo(Flavor.PERSONAL_ACCESS_TOKEN);
        assertThat(target.auth().personalAccessToken().orElseThrow().current().reveal()).isEqualTo(PAT);
        assertThat(target.toString()).doesNotContain(PAT);
    }

    @Test
    void personalAccessTokenFromFileIsRead(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pat"), PAT + "\n");
        Target target = validOne(acc("flavor", "personal-access-token", "personal-access-token-file", file.toString()));

        assertThat(target.auth().personalAccessToken().orElseThrow().current().reveal()).isEqualTo(PAT);
    }

    @Test
    void personalAccessTokenAndItsFileTogetherAreRejected(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pat"), PAT);

        assertProblems(acc("flavor", "personal-access-token", "personal-access-token", PAT,
                "personal-access-token-file", file.toString()),
                WHERE + "personal-access-token and " + WHERE + "personal-access-token-file are both set");
    }

    @Test
    void frontendSessionNeedsNoApiKey() {
        Map<String, String> properties = acc("flavor", "frontend-session", "session-path", "/cells/a/frontend/session");
        properties.remove(WHERE + "api-key");
        properties.remove(WHERE + "api-secret");

        Target target = validOne(properties);

        assertThat(target.auth().flavor()).isEqualTo(Flavor.FRONTEND_SESSION);
        assertThat(target.sessionUri()).hasToString("https://cells.example.org/cells/a/frontend/session");
    }

    @Test
    void frontendSessionStillNeedsThePassword() {
        Map<String, String> properties = acc("flavor", "frontend-session");
        properties.remove(WHERE + "password");

        assertProblems(properties, WHERE + "password (or " + WHERE + "password-file) is required");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dex-password", "oidc-password", "auto" })
    void passwordGrantFlavorsNeedTheApiKey(String flavor) {
        Map<String, String> properties = acc("flavor", flavor, "issuer", "https://sso.example.org/realms/cells");
        properties.remove(WHERE + "api-key");

        assertProblems(properties, WHERE + "api-key is required");
    }

    @Test
    void sessionPathNotStartingWithSlashIsRejected() {
        assertProblems(acc("flavor", "frontend-session", "session-path", "a/frontend/session"),
                WHERE + "session-path must start with '/'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "frontend-session", "personal-access-token" })
    void refreshWithoutPasswordGrantIsRejected(String flavor) {
        assertProblems(acc("flavor", flavor, "personal-access-token", PAT, "refresh", "true"),
                WHERE + "refresh works with the password grant only");
    }

    @Test
    void tlsInsecureWithCaFileIsRejected(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

        assertThatThrownBy(() -> validate(acc("tls.insecure", "true", "tls.ca-file", ca.toString()), true))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(WHERE + "tls.insecure and tls.ca-file are both set: a CA bundle is pointless "
                                + "when nothing is verified"));
    }

    @Test
    void tlsCaFileThatCannotBeReadIsRejected(@TempDir Path dir) {
        assertProblems(acc("tls.ca-file", dir.resolve("missing.pem").toString()), WHERE + "tls.ca-file cannot be read");
    }

    @Test
    void tlsSettingsAreKept(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

        assertThat(validOne(acc("tls.ca-file", ca.toString())).tls()).isEqualTo(new TlsSettings(Optional.of(ca), false));
        assertThat(validOne(acc("tls.insecure", "true")).tls()).isEqualTo(new TlsSettings(Optional.empty(), true));
    }

    @ParameterizedTest(name = "scope \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "email profile | openid email profile",
            "profile openid | profile openid",
            "openid | openid",
            "openidish roles | openid openidish roles" })
    void oidcPasswordScopeGetsOpenidAdded(String configured, String expected) {
        Target target = validOne(acc("flavor", "oidc-password", "issuer", "https://sso.example.org/realms/cells",
                "scope", configured));

        assertThat(target.scope()).isEqualTo(expected);
    }

    @Test
    void oidcPasswordDefaultScopeHasOpenid() {
        Target target = validOne(acc("flavor", "oidc-password", "issuer", "https://sso.example.org/realms/cells"));

        assertThat(target.scope()).isEqualTo("openid email profile");
    }

    @Test
    void dexPasswordScopeIsLeftAlone() {
        assertThat(validOne(acc()).scope()).isEqualTo("email profile pydio");
        assertThat(validOne(acc("scope", "email profile")).scope()).isEqualTo("email profile");
    }
}
