package io.cellsprobe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cellsprobe.support.PackagedMonitor;

/**
 * Invalid configuration stops the real packaged monitor with one clear message that names the
 * target and the property: no stack trace, no secret.
 */
class StartupValidationIT {

    private static final String SECRET = "startup-secret-4d9e";
    private static final String PASSWORD = "startup-password-77aa";

    static Stream<Arguments> invalidConfigurations() {
        return Stream.of(
                Arguments.of("missingRequiredField", without("password"),
                        "cells-probe.targets.acc.password (or cells-probe.targets.acc.password-file) is required"),
                Arguments.of("urlThatDoesNotParse", with("url", "http://cells example.org"),
                        "cells-probe.targets.acc.url does not parse as a URL"),
                Arguments.of("urlThatIsNotHttp", with("url", "ftp://cells.example.org"),
                        "cells-probe.targets.acc.url must be an http or https URL"),
                Arguments.of("timeoutNotShorterThanInterval", with("timeout", "30s"),
                        "cells-probe.targets.acc.timeout (30s) must be shorter than interval (30s)"),
                Arguments.of("unknownPropertyUnderTarget", with("pasword", "typo"),
                        "cells-probe.targets.acc.pasword: unknown property"),
                Arguments.of("durationThatDoesNotParse", with("interval", "often"),
                        "cells-probe.targets.acc.interval 'often' is not a duration: write a number and a unit, "
                                + "e.g. 30s, 5m or 500ms"),
                Arguments.of("noTargets", List.<String> of(), "no target configured"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigurations")
    void invalidConfigurationStopsStartupWithOneClearMessage(String name, List<String> properties, String expected)
            throws Exception {
        try (PackagedMonitor monitor = PackagedMonitor.start(properties)) {
            int exitCode = monitor.awaitExit(60);
            String output = monitor.output();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains(expected);
            assertThat(output).as("no stack trace").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
            assertThat(output).doesNotContain(SECRET, PASSWORD);
        }
    }

    @Test
    void typedValuesThatDoNotConvertAreListedWithEveryOtherProblem() throws Exception {
        List<String> properties = with("interval", "5 minutes");
        properties.add("cells-probe.targets.acc.failure-threshold=three");
        properties.add("cells-probe.targets.acc.pasword=typo");
        Map<String, String> environment = Map.of("CELLS_PROBE_TARGETS_ACC_INTERVALL", "10s");

        try (PackagedMonitor monitor = PackagedMonitor.start(properties, environment)) {
            int exitCode = monitor.awaitExit(60);
            String output = monitor.output();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains("Invalid cells-probe configuration:",
                    "cells-probe.targets.acc.interval '5 minutes' is not a duration",
                    "cells-probe.targets.acc.failure-threshold 'three' is not a whole number, e.g. 3",
                    "cells-probe.targets.acc.pasword: unknown property",
                    "CELLS_PROBE_TARGETS_ACC_INTERVALL (environment variable): unknown");
            assertThat(output).doesNotContain("SRCFG");
            assertThat(output).as("no stack trace").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
            assertThat(output).doesNotContain(SECRET, PASSWORD);
        }
    }

    @Test
    void shortcutVariableThatDoesNotParseIsNamed() throws Exception {
        Map<String, String> environment = Map.of("CELLS_URL", "http://127.0.0.1:9", "CELLS_API_KEY", "cells-front",
                "CELLS_API_SECRET", SECRET, "CELLS_USERNAME", "monitor", "CELLS_PASSWORD", PASSWORD,
                "CELLS_PROBE_INTERVAL", "30sec");

        try (PackagedMonitor monitor = PackagedMonitor.start(List.of(), environment)) {
            int exitCode = monitor.awaitExit(60);
            String output = monitor.output();

            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).contains("cells-probe.targets.default.interval '30sec' is not a duration: write a "
                    + "number and a unit, e.g. 30s, 5m or 500ms (set by CELLS_PROBE_INTERVAL)");
            assertThat(output).doesNotContain("SRCFG", SECRET, PASSWORD);
        }
    }

    private static List<String> validTarget() {
        List<String> properties = new ArrayList<>();
        Map.of("url", "http://127.0.0.1:9", "api-key", "cells-front", "api-secret", SECRET, "username", "monitor",
                "password", PASSWORD).forEach((key, value) -> properties.add("cells-probe.targets.acc." + key + "=" + value));
        return properties;
    }

    private static List<String> with(String key, String value) {
        List<String> properties = validTarget();
        properties.removeIf(property -> property.startsWith("cells-probe.targets.acc." + key + "="));
        properties.add("cells-probe.targets.acc." + key + "=" + value);
        return properties;
    }

    private static List<String> without(String key) {
        List<String> properties = validTarget();
        properties.removeIf(property -> property.startsWith("cells-probe.targets.acc." + key + "="));
        return properties;
    }
}
