package io.cellsprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.cellsprobe.config.Flavor;

class LoginFlowsTest {

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void everyFlavorHasItsOwnFlow(Flavor flavor) {
        assertThat(LoginFlows.of(flavor).flavor()).isEqualTo(flavor);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void aFlowsStepsAreLoginStepsOnly(Flavor flavor) {
        // The run adds refresh and user to every flow; a flow listing them would count them twice.
        assertThat(LoginFlows.of(flavor).steps()).doesNotContain(Phase.REFRESH, Phase.USER, Phase.TOTAL);
    }

    @Test
    void aFlavorWithoutFlowIsRefusedAtStartUp() {
        assertThatThrownBy(() -> LoginFlows.register(new DexPasswordLogin(), new FrontendSessionLogin(),
                new OidcPasswordLogin(), new AutoLogin(new DexPasswordLogin(), new FrontendSessionLogin())))
                .hasMessage("no login flow for flavor personal-access-token");
    }

    @Test
    void twoFlowsForOneFlavorAreRefused() {
        assertThatThrownBy(() -> LoginFlows.register(new DexPasswordLogin(), new DexPasswordLogin()))
                .hasMessage("two login flows for flavor dex-password");
    }
}
