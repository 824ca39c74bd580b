package io.cellsprobe.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The raw {@code cells-probe.*} configuration. Required target fields are optional here on purpose:
 * {@link TargetsValidator} turns missing or malformed values into one clear start-up message per
 * problem instead of SmallRye's generic one.
 */
@ConfigMapping(prefix = "cells-probe")
public interface CellsProbeConfig {

    /** The monitored Cells servers, by target name (the {@code target} label). */
    Map<String, TargetConfig> targets();

    interface TargetConfig {
        Optional<String> url();

        Optional<String> apiKey();

        Optional<String> apiSecret();

        Optional<String> username();

        Optional<String> password();

        @WithDefault("30s")
        Duration interval();

        @WithDefault("10s")
        Duration timeout();

        @WithDefault("email profile pydio")
        String scope();

        @WithDefault("/auth/dex/token")
        String tokenPath();

        @WithDefault("/a/user/{login}")
        String userPath();

        @WithDefault("3")
        int failureThreshold();
    }
}
