package io.cellsprobe.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    /**
     * Buckets of {@code cells_probe_duration_seconds}, the same for every step and the whole login
     * (phase total); 2500ms, the one CellsAuthSlow counts against, is always one of them. Each bucket
     * is one series per target and phase (3 for dex-password), so the default is a few boundaries
     * that tell apart what real Cells servers answer: a healthy step on a LAN is under 50 ms (Cells
     * v1 on loopback, new TLS connection: token about 30 ms, user about 22 ms) and a healthy login
     * under 100 ms; across a WAN steps take hundreds of ms (250ms, 500ms, 1s); over 2.5 s is slow
     * (CellsAuthSlow); over 5 s is on its way to the 10 s timeout, whose failures are counted as
     * {@code timeout} anyway. Finer or longer buckets (e.g. for a longer timeout) can be configured;
     * see bench/README.md for the scrape's cost.
     */
    @WithDefault("50ms,100ms,250ms,500ms,1s,2500ms,5s")
    List<Duration> durationBuckets();

    /**
     * Requests sent at start-up through the probe's HTTP client to a loopback server inside the
     * process, so the JVM compiles the client before it times probes; 0 turns the warm-up off.
     */
    @WithDefault("5000")
    int warmUpRequests();

    /** How often {@code api-secret-file} and {@code password-file} are checked for rotation. */
    @WithDefault("10s")
    Duration secretFileCheckInterval();

    interface TargetConfig {
        /** The Cells base URL, http or https, without query or fragment. */
        Optional<URI> url();

        Optional<String> apiKey();

        Optional<String> apiSecret();

        /** Alternative to {@code api-secret}: a file holding it, re-read when it changes. */
        Optional<Path> apiSecretFile();

        Optional<String> username();

        Optional<String> password();

        /** Alternative to {@code password}: a file holding it, re-read when it changes. */
        Optional<Path> passwordFile();

        @WithDefault(Target.DEFAULT_INTERVAL)
        Duration interval();

        @WithDefault(Target.DEFAULT_TIMEOUT)
        Duration timeout();

        /** Default "email profile pydio" (what Cells' SDK sends); for oidc-password "openid email profile". */
        Optional<String> scope();

        @WithDefault(Target.DEFAULT_TOKEN_PATH)
        String tokenPath();

        @WithDefault(Target.DEFAULT_USER_PATH)
        String userPath();

        @WithDefault(Target.DEFAULT_FAILURE_THRESHOLD)
        int failureThreshold();

        /** Consecutive rejected logins before no more are attempted: Cells blocks an account at 10. */
        @WithDefault("3")
        int maxCredentialAttempts();

        @WithDefault("10m")
        Duration maxBackoff();

        /**
         * Refused logins in a row, whatever the evidence said, after which no login is attempted until
         * the credentials change or the monitor restarts: at least max-credential-attempts, at most 9.
         */
        @WithDefault("8")
        int maxCredentialRejections();

        /** While suspended: the wait before the next login attempt, doubling after each. */
        @WithDefault("30m")
        Duration suspendedRetry();

        /** dex-password, frontend-session, personal-access-token, oidc-password or auto. */
        @WithDefault("dex-password")
        Flavor flavor();

        /** The OpenID issuer for oidc-password; discovery at {@code <issuer>/.well-known/openid-configuration}. */
        Optional<URI> issuer();

        /** cells (GET user-path) or userinfo (the provider's userinfo endpoint, oidc-password only). */
        @WithDefault("cells")
        UserCheck userCheck();

        @WithDefault(AuthSettings.DEFAULT_SESSION_PATH)
        String sessionPath();

        Optional<String> personalAccessToken();

        Optional<Path> personalAccessTokenFile();

        /**
         * After a password-grant login, exercise the refresh grant (phase refresh); no refresh_token
         * in the answer is then token_invalid. Session logins have no refresh grant and skip it.
         */
        @WithDefault("false")
        boolean refresh();

        TlsConfig tls();
    }

    interface TlsConfig {
        /** A PEM bundle of CAs to trust for this target instead of the JVM's default ones. */
        Optional<Path> caFile();

        /** Trust any certificate and skip host name verification; warned about at start-up. */
        @WithDefault("false")
        boolean insecure();
    }
}
