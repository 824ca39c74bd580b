package io.cellsprobe.config;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
}
