package io.cellsprobe.probe;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.config.Target;
import io.vertx.core.Future;

/**
 * The probe: log in to Cells with the password grant, then read the account's own record with the
 * issued id_token. It always completes with a {@link ProbeResult}; a failure is data, never an
 * exception for the caller.
 */
@ApplicationScoped
public class CellsLoginProbe {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CellsClient client;
    private final Clock clock;
    private final Discoveries discoveries;

    @Inject
    public CellsLoginProbe(CellsClient client, Discoveries discoveries) {
        this(client, Clock.systemUTC(), discoveries);
    }

    public CellsLoginProbe(CellsClient client) {
        this(client, Clock.systemUTC(), new Discoveries());
    }

    CellsLoginProbe(CellsClient client, Clock clock) {
        this(client, clock, new Discoveries());
    }

    CellsLoginProbe(CellsClient client, Clock clock, Discoveries discoveries) {
        this.client = client;
        this.clock = clock;
        this.discoveries = discoveries;
    }

    public Future<ProbeResult> run(Target target) {
        ProbeRun run = new ProbeRun(target, client, clock, discoveries);
        try {
            return run.start(newNonce());
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
