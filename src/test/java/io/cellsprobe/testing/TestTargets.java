package io.cellsprobe.testing;

import java.net.URI;
import java.time.Duration;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.LockoutSettings;
import io.cellsprobe.config.Secret;
import io.cellsprobe.config.SecretSource;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.TlsSettings;

/**
 * Builds {@link Target}s with Cells' defaults and distinctive secrets: the secrets hold {@code +},
 * {@code %} and {@code :} (the characters that break naive Basic encoding) and are long enough to
 * search for in every output.
 */
public final class TestTargets {

    public static final String NAME = "cells-test";
    public static final String API_KEY = "cells-front";
    public static final String API_SECRET = "ApiSecret+Qx7%41:zV9-never-shown";
    public static final String USERNAME = "monitor";
    public static final String PASSWORD = "Passw0rd+Kf3%25:Lm9-never-shown";
    public static final String SCOPE = "email profile pydio";
    public static final String TOKEN_PATH = "/auth/dex/token";
    public static final String USER_PATH = "/a/user/{login}";
    /** The account a {@link CellsLikeServer} of the probe tests knows: this class's defaults. */
    public static final CellsLikeServer.Account ACCOUNT = new CellsLikeServer.Account(API_KEY, API_SECRET, USERNAME, PASSWORD);

    private TestTargets() {
    }

    public static Builder at(String url) {
        return new Builder(URI.create(url));
    }

    public static final class Builder {
        private final URI url;
        private String name = NAME;
        private String apiKey = API_KEY;
        private String apiSecret = API_SECRET;
        private String username = USERNAME;
        private String password = PASSWORD;
        private Duration interval = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(2);
        private String scope = SCOPE;
        private String tokenPath = TOKEN_PATH;
        private String userPath = USER_PATH;
        private SecretSource apiSecretSource;
        private SecretSource passwordSource;
        private int failureThreshold = 3;
        private LockoutSettings lockout = LockoutSettings.DEFAULT;
        private AuthSettings auth = AuthSettings.DEX;
        private TlsSettings tls = TlsSettings.DEFAULT;

        private Builder(URI url) {
            this.url = url;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder apiKey(String value) {
            apiKey = value;
            return this;
        }

        public Builder apiSecret(String value) {
            apiSecret = value;
            return this;
        }

        /** The client and the account of {@code value}: what a Cells-like server knows. */
        public Builder account(CellsLikeServer.Account value) {
            return apiKey(value.apiKey()).apiSecret(value.apiSecret()).username(value.username()).password(value.password());
        }

        public Builder username(String value) {
            username = value;
            return this;
        }

        public Builder password(String value) {
            password = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder interval(Duration value) {
            interval = value;
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

        /** A secret that may change (a rotated file); overrides {@link #apiSecret(String)}. */
        public Builder apiSecretSource(SecretSource value) {
            apiSecretSource = value;
            return this;
        }

        /** A password that may change (a rotated file); overrides {@link #password(String)}. */
        public Builder passwordSource(SecretSource value) {
            passwordSource = value;
            return this;
        }

        public Builder failureThreshold(int value) {
            failureThreshold = value;
            return this;
        }

        public Builder maxBackoff(Duration value) {
            lockout = new LockoutSettings(lockout.maxCredentialAttempts(), lockout.maxCredentialRejections(),
                    lockout.suspendedRetry(), value);
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
            return Target.builder(name, url).apiKey(apiKey)
                    .apiSecret(apiSecretSource != null ? apiSecretSource : SecretSource.fixed(Secret.of(apiSecret)))
                    .username(username)
                    .password(passwordSource != null ? passwordSource : SecretSource.fixed(Secret.of(password)))
                    .interval(interval).timeout(timeout).scope(scope).tokenPath(tokenPath).userPath(userPath)
                    .failureThreshold(failureThreshold).lockout(lockout).auth(auth).tls(tls).build();
        }
    }
}
