package io.cellsprobe.probe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.cellsprobe.cells.CellsRequests;
import io.cellsprobe.config.Flavor;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/** Cells v2 to v5: {@code POST /a/frontend/session} with the password; the Bearer is its access token. */
final class FrontendSessionLogin implements LoginFlow {

    @Override
    public Flavor flavor() {
        return Flavor.FRONTEND_SESSION;
    }

    @Override
    public List<Phase> steps() {
        return List.of(Phase.SESSION);
    }

    @Override
    public Future<Login> login(ProbeRun run, String nonce) {
        run.using(Flavor.FRONTEND_SESSION);
        return run.step(Phase.SESSION, HttpMethod.POST, run.target().sessionUri(), CellsRequests.jsonHeaders(),
                CellsRequests.sessionBody(run.target()))
                .map(response -> {
                    Instant now = run.now();
                    SessionAnswer answer = SessionAnswer.interpret(response, now);
                    run.keepSecret(answer.bearer());
                    run.tokenIssued(Optional.of(answer.expiresAt()), answer.lifetimeSeconds(now));
                    answer.validate(now);
                    return Login.bearerOnly(answer.bearer());
                });
    }
}
