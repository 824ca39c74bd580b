package io.cellsprobe.probe;

import java.util.Optional;

import io.cellsprobe.config.Secret;

/**
 * A login's outcome: the Bearer for the user step and, after a password grant, what the refresh
 * step needs.
 */
record Login(Secret bearer, Optional<PasswordGrant.Refreshable> refreshable) {

    static Login bearerOnly(Secret bearer) {
        return new Login(bearer, Optional.empty());
    }
}
