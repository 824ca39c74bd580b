package io.cellsprobe.probe;

import static io.cellsprobe.probe.FailureReason.ACCOUNT_LOCKED;
import static io.cellsprobe.probe.FailureReason.BACKEND_UNAVAILABLE;
import static io.cellsprobe.probe.FailureReason.BAD_RESPONSE;
import static io.cellsprobe.probe.FailureReason.CLIENT_REJECTED;
import static io.cellsprobe.probe.FailureReason.CONNECT;
import static io.cellsprobe.probe.FailureReason.CREDENTIALS_REJECTED;
import static io.cellsprobe.probe.FailureReason.DNS;
import static io.cellsprobe.probe.FailureReason.HTTP_ERROR;
import static io.cellsprobe.probe.FailureReason.INTERNAL;
import static io.cellsprobe.probe.FailureReason.LOGIN_MISMATCH;
import static io.cellsprobe.probe.FailureReason.TIMEOUT;
import static io.cellsprobe.probe.FailureReason.TLS;
import static io.cellsprobe.probe.FailureReason.TOKEN_INVALID;
import static io.cellsprobe.probe.FailureReason.UNAUTHORIZED;
import static io.cellsprobe.probe.FailureReason.USER_NOT_FOUND;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
        List<Phase> steps = new ArrayList<>(LoginFlows.of(auth.flavor()).steps());
        if (auth.refresh()) {
            steps.add(REFRESH);
        }
        steps.add(USER);
        return List.copyOf(steps);
    }

    /**
     * The reasons a failure in this step can have for a target of these settings; {@link #TOTAL}
     * never fails. Read off the code that fails a step: every step sends a request on a new
     * connection ({@code TransportFailures}: dns, connect, tls, timeout, and bad_response for an
     * oversized or undecodable answer) and may hit a bug of ours (internal); the rest comes from the
     * step's answer reader, and what a flavor's flow adds ({@link LoginFlow#moreReasons}). The metrics
     * pre-set exactly these failure counters, so a pair missing here would appear from nowhere at its
     * first failure; {@code PhaseTest} stages each one.
     */
    public Set<FailureReason> reasons(AuthSettings auth) {
        if (this == TOTAL) {
            return Set.of();
        }
        Set<FailureReason> reasons = EnumSet.of(DNS, CONNECT, TLS, TIMEOUT, BAD_RESPONSE, INTERNAL);
        switch (this) {
            // Discovery's answer is only "a document or not" for auto, which fails with bad_response
            // when neither generation answers one.
            case DISCOVERY -> {
            }
            // TokenAnswer: 401 is the client, a refused grant the account; the answer may lack a token.
            case TOKEN -> reasons.addAll(EnumSet.of(CLIENT_REJECTED, CREDENTIALS_REJECTED, BACKEND_UNAVAILABLE,
                    ACCOUNT_LOCKED, HTTP_ERROR, TOKEN_INVALID));
            // SessionAnswer: no client to reject, 401 and 403 are the account.
            case SESSION -> reasons.addAll(EnumSet.of(CREDENTIALS_REJECTED, BACKEND_UNAVAILABLE, ACCOUNT_LOCKED,
                    HTTP_ERROR, TOKEN_INVALID));
            // TokenAnswer for the refresh grant: a refused refresh token is token_invalid, not the account.
            case REFRESH -> reasons.addAll(EnumSet.of(CLIENT_REJECTED, CREDENTIALS_REJECTED, HTTP_ERROR,
                    TOKEN_INVALID));
            case USER -> reasons.addAll(EnumSet.of(UNAUTHORIZED, USER_NOT_FOUND, LOGIN_MISMATCH, HTTP_ERROR));
        }
        reasons.addAll(LoginFlows.of(auth.flavor()).moreReasons(this));
        return Collections.unmodifiableSet(reasons);
    }

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
