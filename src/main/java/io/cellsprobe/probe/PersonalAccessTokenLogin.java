package io.cellsprobe.probe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.cellsprobe.cells.IdTokenClaims;
import io.cellsprobe.cells.IdTokenClaims.MalformedTokenException;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Secret;
import io.vertx.core.Future;

/** A fixed Bearer (a Cells Personal Access Token): no login request; when it is a JWT its expiry is checked. */
final class PersonalAccessTokenLogin implements LoginFlow {

    @Override
    public Flavor flavor() {
        return Flavor.PERSONAL_ACCESS_TOKEN;
    }

    @Override
    public List<Phase> steps() {
        return List.of();
    }

    /** The token is checked in the user step, before its request. */
    @Override
    public Set<FailureReason> moreReasons(Phase step) {
        return step == Phase.USER ? Set.of(FailureReason.TOKEN_INVALID) : Set.of();
    }

    @Override
    public Future<Login> login(ProbeRun run, String nonce) {
        run.using(Flavor.PERSONAL_ACCESS_TOKEN);
        run.enter(Phase.USER);
        Secret token = Bearers.checked(run.target().auth().personalAccessToken().orElseThrow().current().reveal(),
                "personal access token");
        try {
            Instant expiresAt = IdTokenClaims.decode(token.reveal()).expiresAt();
            run.tokenIssued(Optional.of(expiresAt), OptionalLong.empty());
            if (!expiresAt.isAfter(run.now())) {
                throw new StepFailure(FailureReason.TOKEN_INVALID, "personal access token expired at " + expiresAt);
            }
        } catch (MalformedTokenException opaque) {
            // An opaque token: its expiry is Cells' secret.
        }
        return Future.succeededFuture(Login.bearerOnly(token));
    }
}
