package io.cellsprobe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void plainHttpTargetDoesNotUseTls() {
        assertThat(target("http://cells.example", AuthSettings.DEX).usesTls()).isFalse();
    }

    @Test
    void httpsUrlUsesTls() {
        assertThat(target("HTTPS://cells.example", AuthSettings.DEX).usesTls()).isTrue();
    }

    @Test
    void httpsIssuerUsesTlsBehindAPlainUrl() {
        AuthSettings oidc = new AuthSettings(Flavor.OIDC_PASSWORD, Optional.of(URI.create("https://sso.example/realms/x")),
                UserCheck.CELLS, AuthSettings.DEFAULT_SESSION_PATH, Optional.empty(), false);

        assertThat(target("http://cells.example", oidc).usesTls()).isTrue();
    }

    @Test
    void userUriEncodesTheLogin() {
        Target target = Target.builder().name("t").url(URI.create("https://cells.example/")).username("bot user@x")
                .build();

        assertThat(target.userUri()).hasToString("https://cells.example/a/user/bot%20user%40x");
    }

    private static Target target(String url, AuthSettings auth) {
        return Target.builder().name("t").url(URI.create(url)).auth(auth).build();
    }
}
