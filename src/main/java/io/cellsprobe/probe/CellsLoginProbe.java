package io.cellsprobe.probe;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.config.Target;
import io.vertx.core.Future;

/**
 * The probe: log in to Cells as the target's flavor says, then read the account's own record with
 * the issued token. It always completes with a {@link ProbeResult}; a failure is data, never an
 * exception for the caller.
 */
@ApplicationScoped
public class CellsLoginProbe {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CellsClient client;
    private final Clock clock;
    private final Discoveries discoveries;
    private final HeldTokens heldTokens;

    @Inject
    public CellsLoginProbe(CellsClient client, Discoveries discoveries, HeldTokens heldTokens) {
        this(client, Clock.systemUTC(), discoveries, heldTokens);
    }

    public CellsLoginProbe(CellsClient client) {
        this(client, Clock.systemUTC(), new Discoveries(), new HeldTokens());
    }

    CellsLoginProbe(CellsClient client, Clock clock) {
        this(client, clock, new Discoveries(), new HeldTokens());
    }

    CellsLoginProbe(CellsClient client, Clock clock, Discoveries discoveries, HeldTokens heldTokens) {
        this.client = client;
        this.clock = clock;
        this.discoveries = discoveries;
        this.heldTokens = heldTokens;
    }

    public Future<ProbeResult> run(Target target) {
        return run(target, Optional.empty());
    }

    /** @param unresolved the target's last refused login while no success followed it (kept by the target's status) */
    public Future<ProbeResult> run(Target target, Optional<Refusal> unresolved) {
        ProbeRun run = new ProbeRun(target, client, clock, discoveries, heldTokens);
        try {
            return run.start(newNonce(), unresolved);
        } catch (RuntimeException bug) {
            return Future.succeededFuture(run.failed(bug));
        }
    }

    /** A fresh nonce per probe, so a replayed or cached token answer is caught. */
    private static String newNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
