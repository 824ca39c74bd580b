package io.cellsprobe.probe;

import java.util.ArrayList;
import java.util.List;

import io.cellsprobe.config.AuthSettings;

/** A timed part of a probe; the value is the {@code phase} label. */
public enum Phase {
    /** Finding the token endpoint (oidc-password) or the Cells generation (auto). */
    DISCOVERY("discovery"),
    /** The password grant. */
    TOKEN("token"),
    /** Cells v2+'s {@code POST /a/frontend/session}. */
    SESSION("session"),
    /** The refresh grant, when asked for. */
    REFRESH("refresh"),
    /** Reading the account's own record (Cells) or userinfo (the provider) with the Bearer. */
    USER("user"),
    /** The whole probe; only measures, never fails by itself. */
    TOTAL("total");

    /** The steps a target of these settings may run: their series exist from start-up. */
    public static List<Phase> stepsFor(AuthSettings auth) {
        List<Phase> steps = new ArrayList<>();
        switch (auth.flavor()) {
            case DEX_PASSWORD -> steps.add(TOKEN);
            case OIDC_PASSWORD -> steps.addAll(List.of(DISCOVERY, TOKEN));
            case FRONTEND_SESSION -> steps.add(SESSION);
            case PERSONAL_ACCESS_TOKEN -> {
                // only the user step
            }
            case AUTO -> steps.addAll(List.of(DISCOVERY, TOKEN, SESSION));
        }
        if (auth.refresh()) {
            steps.add(REFRESH);
        }
        steps.add(USER);
        return List.copyOf(steps);
    }

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
