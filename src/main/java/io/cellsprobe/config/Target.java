package io.cellsprobe.config;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One validated target: a Cells server and the monitoring account that logs in to it. Secrets are
 * {@link Secret}s, so the record's generated {@code toString()} is safe to log.
 */
public record Target(
        String name,
        URI url,
        String apiKey,
        Secret apiSecret,
        String username,
        Secret password,
        Duration interval,
        Duration timeout,
        String scope,
        String tokenPath,
        String userPath,
        int failureThreshold) {

    /** The placeholder in {@code user-path} replaced by the URL-encoded username. */
    public static final String LOGIN_PLACEHOLDER = "{login}";

    public URI tokenUri() {
        return URI.create(base() + tokenPath);
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
