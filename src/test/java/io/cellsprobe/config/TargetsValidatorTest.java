package io.cellsprobe.config;

import static io.cellsprobe.config.ValidationFixture.PASSWORD;
import static io.cellsprobe.config.ValidationFixture.SECRET;
import static io.cellsprobe.config.ValidationFixture.assertProblems;
import static io.cellsprobe.config.ValidationFixture.validTarget;
import static io.cellsprobe.config.ValidationFixture.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TargetsValidatorTest {

    @Test
    void validTargetGetsDocumentedDefaults() {
        List<Target> targets = validate(validTarget("acc"), true);

        assertThat(targets).hasSize(1);
        Target target = targets.get(0);
        assertThat(target.name()).isEqualTo("acc");
        assertThat(target.url()).isEqualTo(URI.create("https://cells.example.org"));
        assertThat(target.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(target.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(target.scope()).isEqualTo("email profile pydio");
        assertThat(target.tokenPath()).isEqualTo("/auth/dex/token");
        assertThat(target.userPath()).isEqualTo("/a/user/{login}");
        assertThat(target.failureThreshold()).isEqualTo(3);
        assertThat(target.lockout()).isEqualTo(new LockoutSettings(3, 8, Duration.ofMinutes(30), Duration.ofMinutes(10)));
        assertThat(target.apiSecret().reveal()).isEqualTo(SECRET);
        assertThat(target.toString()).doesNotContain(SECRET, PASSWORD);
    }

    @Test
    void rejectionBudgetAndSuspendedRetryAreRead() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.max-credential-attempts", "2");
        properties.put("cells-probe.targets.acc.max-credential-rejections", "9");
        properties.put("cells-probe.targets.acc.suspended-retry", "5m");

        assertThat(validate(properties, true).get(0).lockout())
                .isEqualTo(new LockoutSettings(2, 9, Duration.ofMinutes(5), Duration.ofMinutes(10)));
    }

    @Test
    void maxCredentialRejectionsOfTenOrMoreIsRejected() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.max-credential-rejections", "10");

        assertProblems(properties, "cells-probe.targets.acc.max-credential-rejections (10) must be at least "
                + "max-credential-attempts (3) and at most 9 (Cells blocks an account at 10)");
    }

    @Test
    void maxCredentialRejectionsBelowMaxCredentialAttemptsIsRejected() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.max-credential-attempts", "4");
        properties.put("cells-probe.targets.acc.max-credential-rejections", "3");

        assertProblems(properties, "cells-probe.targets.acc.max-credential-rejections (3) must be at least "
                + "max-credential-attempts (4)");
    }

    @Test
    void suspendedRetryMustBePositive() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.suspended-retry", "0s");

        assertProblems(properties, "cells-probe.targets.acc.suspended-retry must be positive");
    }

    @Test
    void missingRequiredFieldNamesTargetAndProperty() {
        Map<String, String> properties = validTarget("acc");
        properties.remove("cells-probe.targets.acc.password");

        assertProblems(properties, "cells-probe.targets.acc.password (or cells-probe.targets.acc.password-file) is required");
    }

    @Test
    void urlThatDoesNotParseIsRejected() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.url", "http://cells example.org/");

        assertProblems(properties, "cells-probe.targets.acc.url does not parse as a URL");
    }

    @Test
    void urlThatIsNotHttpIsRejected() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.url", "ftp://cells.example.org");

        assertProblems(properties, "cells-probe.targets.acc.url must be an http or https URL");
    }

    @Test
    void urlWithCredentialsIsRejectedWithoutEchoingThem() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.url", "https://monitor:" + PASSWORD + "@cells.example.org");

        assertProblems(properties, "cells-probe.targets.acc.url must not carry credentials");
    }

    @Test
    void timeoutNotShorterThanIntervalIsRejected() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.interval", "5s");
        properties.put("cells-probe.targets.acc.timeout", "5s");

        assertProblems(properties, "cells-probe.targets.acc.timeout (5s) must be shorter than interval (5s)");
    }

    @Test
    void unknownPropertyUnderTargetIsRejected() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.pasword", "typo");

        assertProblems(properties, "cells-probe.targets.acc.pasword: unknown property");
    }

    @Test
    void noTargetOutsideDevModeIsRejected() {
        assertThatThrownBy(() -> validate(new HashMap<>(), true))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("no target configured")
                .hasMessageContaining("CELLS_URL");
    }

    @Test
    void noTargetIsAllowedInDevMode() {
        assertThat(validate(new HashMap<>(), false)).isEmpty();
    }

    @Test
    void targetNameThatCannotBeALabelIsRejected() {
        Map<String, String> properties = new HashMap<>();
        validTarget("acc").forEach((key, value) -> properties.put(key.replace(".acc.", ".\"a b\"."), value));

        assertProblems(properties, "target name must be letters, digits");
    }

    @Test
    void userPathWithoutLoginPlaceholderIsRejected() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.user-path", "/a/user/monitor");

        assertProblems(properties, "cells-probe.targets.acc.user-path must contain {login}");
    }

    @Test
    void pathThatIsNotAValidUrlPathIsRejected() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.token-path", "/auth/dex token");

        assertProblems(properties, "cells-probe.targets.acc.token-path is not a valid URL path");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.url", "ftp://x");
        properties.remove("cells-probe.targets.acc.username");
        properties.putAll(validTarget("other"));
        properties.put("cells-probe.targets.other.failure-threshold", "0");

        assertThatThrownBy(() -> validate(properties, true))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void userUriEncodesTheLogin() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.username", "mon itor@corp");
        properties.put("cells-probe.targets.acc.url", "https://cells.example.org/base/");

        Target target = validate(properties, true).get(0);

        assertThat(target.userUri()).hasToString("https://cells.example.org/base/a/user/mon%20itor%40corp");
        assertThat(target.tokenUri()).hasToString("https://cells.example.org/base/auth/dex/token");
    }
}
