package io.cellsprobe.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a target logs in; the value is the configuration word and the {@code flavor} label. Each
 * flavor declares here what it needs from the configuration ({@link Needs}), which is all
 * {@link TargetsValidator} knows of it; how it logs in is its {@code probe.LoginFlow}.
 */
public enum Flavor {
    /** Cells v1: OAuth2 password grant at Dex; the Bearer is the id_token. */
    DEX_PASSWORD("dex-password", Needs.CLIENT_CREDENTIALS, Needs.PASSWORD, Needs.REFRESH_GRANT),
    /** Cells v2 to v5: {@code POST /a/frontend/session}; the Bearer is the access token. */
    FRONTEND_SESSION("frontend-session", Needs.PASSWORD),
    /** A fixed Bearer (a Cells Personal Access Token); only the user step runs. */
    PERSONAL_ACCESS_TOKEN("personal-access-token", Needs.PERSONAL_ACCESS_TOKEN),
    /** Any OpenID Connect provider: discovery, password grant, then Cells or the provider's userinfo. */
    OIDC_PASSWORD("oidc-password", Needs.CLIENT_CREDENTIALS, Needs.PASSWORD, Needs.REFRESH_GRANT,
            Needs.OPENID_PROVIDER),
    /** Cells v1 or v2+, told apart by their discovery documents. */
    AUTO("auto", Needs.CLIENT_CREDENTIALS, Needs.PASSWORD, Needs.REFRESH_GRANT);

    /** What a flavor takes from the configuration, and which options it supports. */
    public enum Needs {
        /** {@code api-key} and {@code api-secret}: the OAuth2 client of a password grant. */
        CLIENT_CREDENTIALS,
        /** {@code password}: the account logs in with it. */
        PASSWORD,
        /** {@code personal-access-token}: the fixed Bearer. */
        PERSONAL_ACCESS_TOKEN,
        /** {@code issuer}, required; the scope always carries openid; {@code user-check=userinfo} possible. */
        OPENID_PROVIDER,
        /** {@code refresh=true} possible: the login issues a refresh token. */
        REFRESH_GRANT
    }

    private final String label;
    private final Set<Needs> needs;

    Flavor(String label, Needs first, Needs... rest) {
        this.label = label;
        this.needs = EnumSet.of(first, rest);
    }

    public String label() {
        return label;
    }

    public boolean needs(Needs need) {
        return needs.contains(need);
    }

    /** The labels of the flavors that have this need, for messages. */
    static List<String> labelsWith(Needs need) {
        return Arrays.stream(values()).filter(flavor -> flavor.needs(need)).map(Flavor::label).toList();
    }
}
