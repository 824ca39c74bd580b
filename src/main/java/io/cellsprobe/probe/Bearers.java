package io.cellsprobe.probe;

import java.util.regex.Pattern;

import io.cellsprobe.config.Secret;

/** Guards what goes into an Authorization header. */
final class Bearers {

    /** RFC 6750's b64token: anything else could smuggle bytes into a header, and is no token. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private Bearers() {
    }

    static Secret checked(String token, String what) {
        if (token == null || token.isEmpty()) {
            throw new StepFailure(FailureReason.TOKEN_INVALID, "no " + what);
        }
        if (!B64TOKEN.matcher(token).matches()) {
            throw new StepFailure(FailureReason.TOKEN_INVALID, what + " holds characters a Bearer token cannot hold");
        }
        return Secret.of(token);
    }
}
