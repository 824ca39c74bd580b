package io.cellsprobe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Runs {@link TargetsValidator} on properties, through a real SmallRye mapping of
 * {@link CellsProbeConfig} as Quarkus builds it (minus the Quarkus runtime).
 */
final class ValidationFixture {

    static final String SECRET = "api-secret-VALUE-7f3a";
    static final String PASSWORD = "password-VALUE-91c2";

    private ValidationFixture() {
    }

    /** A complete, valid dex-password target (mutable: tests change it). */
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

    static List<Target> validate(Map<String, String> properties, boolean targetsRequired) {
        return validate(properties, Map.of(), targetsRequired);
    }

    /** With {@code environment} as the process environment (SmallRye's and the CELLS_* shortcut's source). */
    static List<Target> validate(Map<String, String> properties, Map<String, String> environment,
            boolean targetsRequired) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(CellsProbeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(new CellsEnvironmentConfigSource(environment))
                .withInterceptors(new TypedValueCheck())
                .withValidateUnknown(false)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .build();
        return TargetsValidator.validate(config.getConfigMapping(CellsProbeConfig.class), config, environment,
                targetsRequired);
    }

    /** The one valid target these properties describe. */
    static Target validOne(Map<String, String> properties) {
        List<Target> targets = validate(properties, true);
        assertThat(targets).hasSize(1);
        return targets.get(0);
    }

    /** Validation fails, with {@code expected} among the problems and no secret in the message. */
    static void assertProblems(Map<String, String> properties, String expected) {
        assertThatThrownBy(() -> validate(properties, true))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET, PASSWORD));
    }
}
