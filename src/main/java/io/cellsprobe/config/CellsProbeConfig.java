package io.cellsprobe.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
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

    /** Answers larger than this are {@code bad_response}; reading stops there, so memory stays flat. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** How often {@code api-secret-file} and {@code password-file} are checked for rotation. */
    @WithDefault("10s")
    Duration secretFileCheckInterval();

    interface TargetConfig {
        Optional<String> url();

        Optional<String> apiKey();

        Optional<String> apiSecret();

        /** Alternative to {@code api-secret}: a file holding it, re-read when it changes. */
        Optional<Path> apiSecretFile();

        Optional<String> username();

        Optional<String> password();

        /** Alternative to {@code password}: a file holding it, re-read when it changes. */
        Optional<Path> passwordFile();

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

        /** Consecutive rejected logins before no more are attempted: Cells blocks an account at 10. */
        @WithDefault("3")
        int maxCredentialAttempts();

        @WithDefault("10m")
        Duration maxBackoff();
    }
}
