package io.cellsprobe.config;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * One validated target: a Cells server and the monitoring account that logs in to it. Secrets come
 * from {@link SecretSource}s that never print their value, so the record's generated
 * {@code toString()} is safe to log.
 *
 * @param lockout how many refused logins the account may cost, and the waits between them
 * @param auth how the target logs in (flavor and its settings)
 * @param tls which certificates the target's server may present
 */
public record Target(
        String name,
        URI url,
        String apiKey,
        SecretSource apiSecretSource,
        String username,
        SecretSource passwordSource,
        Duration interval,
        Duration timeout,
        String scope,
        String tokenPath,
        String userPath,
        int failureThreshold,
        LockoutSettings lockout,
        AuthSettings auth,
        TlsSettings tls) {

    /** The placeholder in {@code user-path} replaced by the URL-encoded username. */
    public static final String LOGIN_PLACEHOLDER = "{login}";

    /** The configuration's defaults ({@code @WithDefault} takes text), one source for it and the builder. */
    public static final String DEFAULT_INTERVAL = "30s";
    public static final String DEFAULT_TIMEOUT = "10s";
    public static final String DEFAULT_SCOPE = "email profile pydio";
    public static final String DEFAULT_TOKEN_PATH = "/auth/dex/token";
    public static final String DEFAULT_USER_PATH = "/a/user/" + LOGIN_PLACEHOLDER;
    public static final String DEFAULT_FAILURE_THRESHOLD = "3";

    /** A target with Cells v1's defaults (those of the configuration) until told otherwise; name and url required. */
    public static Builder builder() {
        return new Builder();
    }

    public Secret apiSecret() {
        return apiSecretSource.current();
    }

    public Secret password() {
        return passwordSource.current();
    }

    /** Every secret of the target, for those that may change (files): the one list the watcher reads. */
    public List<SecretSource> secretSources() {
        List<SecretSource> sources = new ArrayList<>(List.of(apiSecretSource, passwordSource));
        auth.personalAccessToken().ifPresent(sources::add);
        return List.copyOf(sources);
    }

    /** Whether a request of this target may go over TLS: its URL or its OpenID issuer is https. */
    public boolean usesTls() {
        return isHttps(url) || auth.issuer().filter(Target::isHttps).isPresent();
    }

    private static boolean isHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    public URI tokenUri() {
        return URI.create(base() + tokenPath);
    }

    public URI sessionUri() {
        return URI.create(base() + auth.sessionPath());
    }

    /** A URI under the target's base URL, for discovery documents. */
    public URI resolve(String path) {
        return URI.create(base() + path);
    }

    public URI userUri() {
        String login = URLEncoder.encode(username, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(base() + userPath.replace(LOGIN_PLACEHOLDER, login));
    }

    private String base() {
        String base = url.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Builds a {@link Target} by name, so that a new property is one method here, not a new position. */
    public static final class Builder {
        private String name;
        private URI url;
        private String apiKey = "";
        private SecretSource apiSecret = SecretSource.fixed(Secret.of(""));
        private String username = "";
        private SecretSource password = SecretSource.fixed(Secret.of(""));
        private Duration interval = DurationConverter.parseDuration(DEFAULT_INTERVAL);
        private Duration timeout = DurationConverter.parseDuration(DEFAULT_TIMEOUT);
        private String scope = DEFAULT_SCOPE;
        private String tokenPath = DEFAULT_TOKEN_PATH;
        private String userPath = DEFAULT_USER_PATH;
        private int failureThreshold = Integer.parseInt(DEFAULT_FAILURE_THRESHOLD);
        private LockoutSettings lockout = LockoutSettings.DEFAULT;
        private AuthSettings auth = AuthSettings.DEX;
        private TlsSettings tls = TlsSettings.DEFAULT;

        private Builder() {
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder url(URI value) {
            url = value;
            return this;
        }

        public Builder apiKey(String value) {
            apiKey = value;
            return this;
        }

        public Builder apiSecret(SecretSource value) {
            apiSecret = value;
            return this;
        }

        public Builder username(String value) {
            username = value;
            return this;
        }

        public Builder password(SecretSource value) {
            password = value;
            return this;
        }

        public Builder interval(Duration value) {
            interval = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder scope(String value) {
            scope = value;
            return this;
        }

        public Builder tokenPath(String value) {
            tokenPath = value;
            return this;
        }

        public Builder userPath(String value) {
            userPath = value;
            return this;
        }

        public Builder failureThreshold(int value) {
            failureThreshold = value;
            return this;
        }

        public Builder lockout(LockoutSettings value) {
            lockout = value;
            return this;
        }

        public Builder auth(AuthSettings value) {
            auth = value;
            return this;
        }

        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        public Target build() {
            return new Target(Objects.requireNonNull(name, "name"), Objects.requireNonNull(url, "url"), apiKey, apiSecret, username, password, interval, timeout, scope, tokenPath,
                    userPath, failureThreshold, lockout, auth, tls);
        }
    }
}
