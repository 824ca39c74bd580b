package io.cellsprobe.probe;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.cellsprobe.config.Secret;

/**
 * The Bearer of each target's last successful probe, kept until it expires. After a refused login it
 * is the best evidence that costs the account nothing: if Cells refuses a token it accepted minutes
 * ago, Cells is failing, not the password.
 */
@ApplicationScoped
public class HeldTokens {

    /**
     * @param checkUri the user step's request: Cells' user record, or the provider's userinfo
     */
    record HeldToken(Secret bearer, Instant expiresAt, URI checkUri) {
    }

    private final Map<String, HeldToken> byTarget = new ConcurrentHashMap<>();

    void hold(String target, HeldToken token) {
        byTarget.put(target, token);
    }

    /**
     * The held token if it is still valid after {@code margin} (the request's own time: Cells checks
     * {@code exp} with no leeway).
     */
    Optional<HeldToken> usable(String target, Instant now, Duration margin) {
        return Optional.ofNullable(byTarget.get(target)).filter(held -> held.expiresAt().isAfter(now.plus(margin)));
    }
}
