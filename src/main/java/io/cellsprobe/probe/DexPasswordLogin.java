package io.cellsprobe.probe;

import java.util.List;

import io.cellsprobe.config.Flavor;
import io.vertx.core.Future;

/** Cells v1: the password grant at Dex's token endpoint ({@code token-path}); the Bearer is the id_token. */
final class DexPasswordLogin implements LoginFlow {

    @Override
    public Flavor flavor() {
        return Flavor.DEX_PASSWORD;
    }

    @Override
    public List<Phase> steps() {
        return List.of(Phase.TOKEN);
    }

    @Override
    public Future<Login> login(ProbeRun run, String nonce) {
        return PasswordGrant.login(run, Flavor.DEX_PASSWORD, run.target().tokenUri(), PasswordGrant.Bearer.ID_TOKEN,
                nonce);
    }
}
