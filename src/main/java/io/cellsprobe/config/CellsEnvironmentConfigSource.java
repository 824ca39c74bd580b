package io.cellsprobe.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The single-target shortcut for container users: {@code CELLS_URL}, {@code CELLS_API_KEY},
 * {@code CELLS_API_SECRET}, {@code CELLS_USERNAME}, {@code CELLS_PASSWORD},
 * {@code CELLS_PROBE_INTERVAL} and {@code CELLS_PROBE_TIMEOUT} define the target named
 * {@code default}. Its ordinal sits below the environment and system properties, so an explicit
 * {@code cells-probe.targets.default.*} value still wins.
 */
public class CellsEnvironmentConfigSource implements ConfigSource {

    static final String TARGET_PREFIX = "cells-probe.targets.default.";

    static final String NAME = "CellsEnvironmentConfigSource";

    private static final Map<String, String> VARIABLES = Map.of(
            "CELLS_URL", "url",
            "CELLS_API_KEY", "api-key",
            "CELLS_API_SECRET", "api-secret",
            "CELLS_USERNAME", "username",
            "CELLS_PASSWORD", "password",
            "CELLS_PROBE_INTERVAL", "interval",
            "CELLS_PROBE_TIMEOUT", "timeout");

    private final Map<String, String> properties;

    /** The shortcut's variables, sorted. */
    static List<String> variables() {
        return VARIABLES.keySet().stream().sorted().toList();
    }

    /** The property a shortcut variable sets. */
    static Optional<String> property(String variable) {
        return Optional.ofNullable(VARIABLES.get(variable)).map(property -> TARGET_PREFIX + property);
    }

    public CellsEnvironmentConfigSource() {
        this(System.getenv());
    }

    CellsEnvironmentConfigSource(Map<String, String> environment) {
        Map<String, String> mapped = new HashMap<>();
        VARIABLES.forEach((variable, property) -> {
            String value = environment.get(variable);
            if (value != null) {
                mapped.put(TARGET_PREFIX + property, value);
            }
        });
        this.properties = Map.copyOf(mapped);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
