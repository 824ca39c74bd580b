package io.cellsprobe.probe;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import io.cellsprobe.cells.CellsRequests;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/** The OAuth2 password grant and its refresh grant, shared by the flows that log in at a token endpoint. */
final class PasswordGrant {

    /** Which token of the answer is the Bearer for the user step. */
    enum Bearer {
        /** Cells v1 accepts only the id_token. */
        ID_TOKEN,
        /** Cells v2+ and other providers' userinfo take the access token. */
        ACCESS_TOKEN
    }

    /** What the refresh step needs from the login that came before it. */
    record Refreshable(URI tokenEndpoint, Optional<Secret> refreshToken, Bearer bearer) {
    }

    private PasswordGrant() {
    }

    static Future<Login> login(ProbeRun run, Flavor used, URI tokenEndpoint, Bearer bearer, String nonce) {
        run.using(used);
        return run.step(Phase.TOKEN, HttpMethod.POST, tokenEndpoint, CellsRequests.tokenHeaders(run.target()),
                CellsRequests.tokenForm(run.target(), nonce))
                .map(response -> {
                    TokenAnswer answer = accepted(run, TokenAnswer.interpret(response, Phase.TOKEN), nonce);
                    return new Login(answer.bearer(bearer),
                            Optional.of(new Refreshable(tokenEndpoint, answer.refreshToken(), bearer)));
                });
    }

    /** Cells' Dex accepts a refresh only with the nonce of the login that issued the refresh token. */
    static Future<Login> refresh(ProbeRun run, Refreshable login, String nonce) {
        Secret refreshToken = login.refreshToken().orElseThrow(() -> new StepFailure(FailureReason.TOKEN_INVALID,
                "refresh is on but no refresh_token was issued (Cells v1 needs scope offline_access)"));
        return run.step(Phase.REFRESH, HttpMethod.POST, login.tokenEndpoint(), CellsRequests.tokenHeaders(run.target()),
                CellsRequests.refreshForm(refreshToken, nonce))
                .map(response -> {
                    TokenAnswer answer = accepted(run, TokenAnswer.interpret(response, Phase.REFRESH), null);
                    return Login.bearerOnly(answer.bearer(login.bearer()));
                });
    }

    /** Keeps every token out of outputs, records the expiry, then checks the answer. */
    private static TokenAnswer accepted(ProbeRun run, TokenAnswer answer, String nonce) {
        answer.idToken().ifPresent(run::keepSecret);
        answer.accessToken().ifPresent(run::keepSecret);
        answer.refreshToken().ifPresent(run::keepSecret);
        Instant now = run.now();
        run.tokenIssued(answer.expiresAt(now), answer.expiresInSeconds());
        answer.validate(nonce, now);
        return answer;
    }
}
