package io.cellsprobe.testing;

import java.net.URI;
import java.time.Duration;

import io.cellsprobe.config.LockoutSettings;
import io.cellsprobe.config.Secret;
import io.cellsprobe.config.SecretSource;
import io.cellsprobe.config.Target;

/**
 * {@link Target.Builder}s with Cells' defaults, a short interval and distinctive secrets: the secrets hold {@code +},
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

    /** A target of {@link #ACCOUNT}, probed every 5 s with a 2 s timeout. */
    public static Target.Builder at(String url) {
        return at(url, ACCOUNT);
    }

    /** A target of the client and the account of {@code account}: what a Cells-like server knows. */
    public static Target.Builder at(String url, CellsLikeServer.Account account) {
        return Target.builder().name(NAME).url(URI.create(url)).apiKey(account.apiKey())
                .apiSecret(fixed(account.apiSecret())).username(account.username()).password(fixed(account.password()))
                .interval(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(2));
    }

    /** A secret that never changes, as {@code api-secret} or {@code password} configure it. */
    public static SecretSource fixed(String secret) {
        return SecretSource.fixed(Secret.of(secret));
    }

    /** The default lockout settings but for the longest wait between refused logins. */
    public static LockoutSettings maxBackoff(Duration value) {
        LockoutSettings lockout = LockoutSettings.DEFAULT;
        return new LockoutSettings(lockout.maxCredentialAttempts(), lockout.maxCredentialRejections(),
                lockout.suspendedRetry(), value);
    }
}
