package io.cellsprobe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class TargetsValidatorTest {

    private static final String SECRET = "api-secret-VALUE-7f3a";
    private static final String PASSWORD = "password-VALUE-91c2";

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
        assertThat(target.apiSecret().reveal()).isEqualTo(SECRET);
        assertThat(target.toString()).doesNotContain(SECRET, PASSWORD);
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

    private static void assertProblems(Map<String, String> properties, String expected) {
        assertThatThrownBy(() -> validate(properties, true))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET, PASSWORD));
    }

    static Map<String, String> validTarget(String name) {
        String prefix = "cells-probe.targets." + name + ".";
        Map<String, String> properties = new HashMap<>();
        properties.put(prefix + "url", "https://cells.example.org");
        properties.put(prefix + "api-key", "cells-front");
        properties.put(prefix + "api-secret", SECRET);
        properties.put(prefix + "username", "monitor");
        properties.put(prefix + "password", PASSWORD);
        return properties;
    }

    private static List<Target> validate(Map<String, String> properties, boolean targetsRequired) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(CellsProbeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withValidateUnknown(false)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .build();
        return TargetsValidator.validate(config.getConfigMapping(CellsProbeConfig.class), config.getPropertyNames(),
                targetsRequired);
    }
}
