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

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    void urlThatDoesNotParseIsNotAlsoReportedMissing() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.url", "http://cells example.org/");

        assertThatThrownBy(() -> validate(properties, true)).hasMessageNotContaining("url is required");
    }

    @Test
    void urlWithSurroundingSpacesIsRead() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.url", " https://cells.example.org ");

        assertThat(validate(properties, true).get(0).url()).isEqualTo(URI.create("https://cells.example.org"));
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
    void urlWithSeveralProblemsReportsEachWithoutEchoingCredentials() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.url", "ftp://monitor:" + PASSWORD + "@cells.example.org/x?y");

        assertThat(problems(properties, Map.of())).containsExactlyInAnyOrder(
                "cells-probe.targets.acc.url must not carry credentials (user:password@); use api-key/api-secret "
                        + "and username/password",
                "cells-probe.targets.acc.url must be an http or https URL, got 'ftp://******@cells.example.org/x?y'",
                "cells-probe.targets.acc.url must be a base URL without query or fragment: "
                        + "'ftp://******@cells.example.org/x?y'");
    }

    @Test
    void urlWithCredentialsAndNoHostIsReportedWithoutEchoingThem() {
        Map<String, String> properties = validTarget("acc");
        properties.put("cells-probe.targets.acc.url", "https://monitor:" + PASSWORD + "@/x#top");

        assertThat(problems(properties, Map.of())).hasSize(3)
                .anySatisfy(problem -> assertThat(problem).contains("url has no host"))
                .anySatisfy(problem -> assertThat(problem).contains("url must not carry credentials"))
                .anySatisfy(problem -> assertThat(problem).contains("without query or fragment"))
                .allSatisfy(problem -> assertThat(problem).doesNotContain(PASSWORD));
    }

    static Stream<Arguments> malformedTypedValues() {
        String target = "cells-probe.targets.acc.";
        String duration = "is not a duration: write a number and a unit, e.g. 30s, 5m or 500ms";
        return Stream.of(
                Arguments.of(target + "interval", "5 minutes", "'5 minutes' " + duration),
                Arguments.of(target + "timeout", "10 sec", "'10 sec' " + duration),
                Arguments.of(target + "max-backoff", "often", "'often' " + duration),
                Arguments.of(target + "failure-threshold", "three", "'three' is not a whole number, e.g. 3"),
                Arguments.of(target + "max-credential-attempts", "3.5", "'3.5' is not a whole number, e.g. 3"),
                Arguments.of(target + "refresh", "ture", "'ture' is not true or false"),
                Arguments.of(target + "tls.insecure", "maybe", "'maybe' is not true or false"),
                Arguments.of("cells-probe.secret-file-check-interval", "10", null),
                Arguments.of("cells-probe.secret-file-check-interval", "10 s", "'10 s' " + duration),
                Arguments.of("cells-probe.duration-buckets", "5ms,10 ms,1s", "'10 ms' " + duration),
                Arguments.of("cells-probe.max-body-size", "1 MB",
                        "'1 MB' is not a size: write a number and a unit, e.g. 512K, 1M or 2G"),
                Arguments.of("cells-probe.warm-up-requests", "many", "'many' is not a whole number, e.g. 5000"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("malformedTypedValues")
    void typedValueThatDoesNotConvertIsReportedWithEveryOtherProblem(String property, String value, String expected) {
        Map<String, String> properties = validTarget("acc");
        properties.put(property, value);
        properties.put("cells-probe.targets.acc.pasword", "typo");

        List<String> problems = problems(properties, Map.of());

        if (expected == null) {
            assertThat(problems).as("a plain number of seconds is a duration").hasSize(1);
        } else {
            assertThat(problems).contains(property + " " + expected).hasSize(2);
        }
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("pasword: unknown property"));
    }

    @Test
    void typedValueFromTheEnvironmentIsReportedUnderItsProperty() {
        Map<String, String> properties = validTarget("acc");

        List<String> problems = problems(properties, Map.of("CELLS_PROBE_TARGETS_ACC_TIMEOUT", "soon"));

        assertThat(problems).containsExactly("cells-probe.targets.acc.timeout 'soon' is not a duration: write a "
                + "number and a unit, e.g. 30s, 5m or 500ms");
    }

    @Test
    void unknownCellsProbeEnvironmentVariableIsRejectedWithTheKnownOnes() {
        List<String> problems = problems(validTarget("acc"), Map.of("CELLS_PROBE_TARGETS_ACC_INTERVALL", "10s"));

        assertThat(problems).singleElement().asString()
                .startsWith("CELLS_PROBE_TARGETS_ACC_INTERVALL (environment variable): unknown; known ones are [")
                .contains("CELLS_PROBE_INTERVAL", "CELLS_PROBE_TIMEOUT", "CELLS_PROBE_TARGETS_<NAME>_INTERVAL",
                        "CELLS_PROBE_TARGETS_<NAME>_TLS_CA_FILE", "CELLS_PROBE_MAX_BODY_SIZE");
    }

    @ParameterizedTest
    @ValueSource(strings = { "CELLS_PROBE_INTERVAL", "CELLS_PROBE_TARGETS_ACC_INTERVAL",
            "CELLS_PROBE_TARGETS_ACC_TLS_INSECURE", "CELLS_PROBE_SECRET_FILE_CHECK_INTERVAL", "CELLS_WORKING_DIR",
            "PATH" })
    void knownOrForeignEnvironmentVariableIsAccepted(String variable) {
        assertThat(problems(validTarget("acc"), Map.of(variable, valueFor(variable))))
                .noneSatisfy(problem -> assertThat(problem).contains("environment variable"));
    }

    @Test
    void variableOfATargetWhoseNameHoldsUnderscoresIsKnown() {
        Map<String, String> properties = validTarget("my_prod-eu");

        assertThat(problems(properties, Map.of("CELLS_PROBE_TARGETS_MY_PROD_EU_MAX_BACKOFF", "5m"))).isEmpty();
    }

    @Test
    void shortcutProblemsNameTheVariableSetOrToSet() {
        Map<String, String> environment = Map.of(
                "CELLS_URL", "ftp://cells.example.org",
                "CELLS_API_KEY", "cells-front",
                "CELLS_API_SECRET", SECRET,
                "CELLS_PASSWORD", PASSWORD,
                "CELLS_PROBE_INTERVAL", "30sec",
                "CELLS_PROBE_TIMEOUT", "30s");

        assertThat(problems(new HashMap<>(), environment)).containsExactlyInAnyOrder(
                "cells-probe.targets.default.interval '30sec' is not a duration: write a number and a unit, "
                        + "e.g. 30s, 5m or 500ms (set by CELLS_PROBE_INTERVAL)",
                "cells-probe.targets.default.url must be an http or https URL, got 'ftp://cells.example.org' "
                        + "(set by CELLS_URL)",
                "cells-probe.targets.default.username is required (set it with CELLS_USERNAME)",
                "cells-probe.targets.default.timeout (30s) must be shorter than interval (30s), or probes of one "
                        + "target would overlap (set by CELLS_PROBE_TIMEOUT)");
    }

    @Test
    void defaultTargetConfiguredByPropertiesNamesNoVariable() {
        Map<String, String> properties = validTarget("default");
        properties.remove("cells-probe.targets.default.username");

        assertThat(problems(properties, Map.of())).containsExactly("cells-probe.targets.default.username is required");
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

    /** The problems validation finds, none if the configuration is valid; never a secret among them. */
    private static List<String> problems(Map<String, String> properties, Map<String, String> environment) {
        try {
            validate(properties, environment, true);
            return List.of();
        } catch (InvalidConfigurationException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET, PASSWORD);
            return e.problems();
        }
    }

    private static String valueFor(String variable) {
        return variable.endsWith("INTERVAL") ? "20s" : "true";
    }
}
