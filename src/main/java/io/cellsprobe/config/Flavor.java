package io.cellsprobe.config;

import java.util.Arrays;
import java.util.Optional;

/** How a target logs in; the value is the configuration word and the {@code flavor} label. */
public enum Flavor {
    /** Cells v1: OAuth2 password grant at Dex; the Bearer is the id_token. */
    DEX_PASSWORD("dex-password"),
    /** Cells v2 to v5: {@code POST /a/frontend/session}; the Bearer is the access token. */
    FRONTEND_SESSION("frontend-session"),
    /** A fixed Bearer (a Cells Personal Access Token); only the user step runs. */
    PERSONAL_ACCESS_TOKEN("personal-access-token"),
    /** Any OpenID Connect provider: discovery, password grant, then Cells or the provider's userinfo. */
    OIDC_PASSWORD("oidc-password"),
    /** Cells v1 or v2+, told apart by their discovery documents. */
    AUTO("auto");

    private final String label;

    Flavor(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Flavor> fromLabel(String label) {
        return Arrays.stream(values()).filter(flavor -> flavor.label.equals(label)).findFirst();
    }
}
