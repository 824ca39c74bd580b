package io.cellsprobe.config;

import java.net.URI;
import java.util.Optional;

/**
 * How a target logs in, beyond the credentials.
 *
 * @param issuer the OpenID issuer, for {@code oidc-password}
 * @param sessionPath Cells' session endpoint, for {@code frontend-session}
 * @param personalAccessToken the fixed Bearer, for {@code personal-access-token}
 * @param refresh also exercise the refresh grant when a refresh token is issued
 */
public record AuthSettings(
        Flavor flavor,
        Optional<URI> issuer,
        UserCheck userCheck,
        String sessionPath,
        Optional<SecretSource> personalAccessToken,
        boolean refresh) {

    public static final String DEFAULT_SESSION_PATH = "/a/frontend/session";

    /** Cells v1's password grant and user record: the defaults. */
    public static final AuthSettings DEX = new AuthSettings(Flavor.DEX_PASSWORD, Optional.empty(), UserCheck.CELLS,
            DEFAULT_SESSION_PATH, Optional.empty(), false);
}
