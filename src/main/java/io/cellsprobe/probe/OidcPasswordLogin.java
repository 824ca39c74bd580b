package io.cellsprobe.probe;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.cellsprobe.cells.CellsRequests;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.UserCheck;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * Any OpenID Connect provider: its discovery document (cached per target) names the token endpoint,
 * then the password grant; the Bearer is the access token, for Cells or the provider's userinfo.
 */
final class OidcPasswordLogin implements LoginFlow {

    @Override
    public Flavor flavor() {
        return Flavor.OIDC_PASSWORD;
    }

    @Override
    public List<Phase> steps() {
        return List.of(Phase.DISCOVERY, Phase.TOKEN);
    }

    /** The discovery document is read for what it says, so an error answer is an HTTP error. */
    @Override
    public Set<FailureReason> moreReasons(Phase step) {
        return step == Phase.DISCOVERY ? Set.of(FailureReason.HTTP_ERROR) : Set.of();
    }

    @Override
    public Future<Login> login(ProbeRun run, String nonce) {
        return provider(run).compose(discovery -> {
            if (run.target().auth().userCheck() == UserCheck.USERINFO) {
                // Fail in discovery, before a password is sent for a check that cannot run.
                discovery.requireUserinfo();
            }
            return PasswordGrant.login(run, Flavor.OIDC_PASSWORD, discovery.tokenEndpoint().orElseThrow(),
                    PasswordGrant.Bearer.ACCESS_TOKEN, nonce);
        });
    }

    /** The provider's discovery document answers without credentials whenever it can serve a login. */
    @Override
    public URI anonymousEvidence(Target target) {
        return discoveryDocument(target);
    }

    private Future<Discovery> provider(ProbeRun run) {
        Optional<Discovery> cached = run.discovered();
        if (cached.isPresent()) {
            return Future.succeededFuture(cached.get());
        }
        return run.step(Phase.DISCOVERY, HttpMethod.GET, discoveryDocument(run.target()), CellsRequests.acceptJson(), null)
                .map(response -> run.remember(Discovery.openIdProvider(response)));
    }

    private static URI discoveryDocument(Target target) {
        return URI.create(target.auth().issuer().orElseThrow().toString().replaceAll("/+$", "")
                + "/.well-known/openid-configuration");
    }
}
