package io.cellsprobe.probe;

import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.cellsprobe.cells.CellsRequests;
import io.cellsprobe.config.Flavor;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * Cells v1 or v2+, told apart by the discovery document each serves (v1 Dex's, v2+ Hydra's); the
 * generation found is cached per target and logs in with its own flow.
 */
final class AutoLogin implements LoginFlow {

    private static final Logger LOG = Logger.getLogger(AutoLogin.class);

    private final LoginFlow cellsV1;
    private final LoginFlow cellsV2;

    AutoLogin(LoginFlow cellsV1, LoginFlow cellsV2) {
        this.cellsV1 = cellsV1;
        this.cellsV2 = cellsV2;
    }

    @Override
    public Flavor flavor() {
        return Flavor.AUTO;
    }

    @Override
    public List<Phase> steps() {
        return List.of(Phase.DISCOVERY, Phase.TOKEN, Phase.SESSION);
    }

    @Override
    public Future<Login> login(ProbeRun run, String nonce) {
        return generation(run).compose(detected -> (detected == cellsV1.flavor() ? cellsV1 : cellsV2).login(run, nonce));
    }

    private Future<Flavor> generation(ProbeRun run) {
        Optional<Discovery> cached = run.discovered();
        if (cached.isPresent()) {
            return Future.succeededFuture(cached.get().flavor());
        }
        return run.step(Phase.DISCOVERY, HttpMethod.GET, run.target().resolve(Discovery.DEX_DISCOVERY),
                CellsRequests.acceptJson(), null)
                .compose(dex -> Discovery.isDocument(dex) ? Future.succeededFuture(cellsV1.flavor())
                        : run.step(Phase.DISCOVERY, HttpMethod.GET, run.target().resolve(Discovery.HYDRA_DISCOVERY),
                                CellsRequests.acceptJson(), null).map(hydra -> {
                                    if (!Discovery.isDocument(hydra)) {
                                        throw new StepFailure(FailureReason.BAD_RESPONSE, "neither "
                                                + Discovery.DEX_DISCOVERY + " nor " + Discovery.HYDRA_DISCOVERY
                                                + " answers a discovery document: is this Cells?");
                                    }
                                    return cellsV2.flavor();
                                }))
                .map(detected -> {
                    LOG.infof("Target %s: %s detected, using flavor %s", run.target().name(),
                            detected == cellsV1.flavor() ? "Cells v1 (Dex)" : "Cells v2+ (Hydra)", detected.label());
                    run.remember(new Discovery(detected, Optional.empty(), Optional.empty()));
                    return detected;
                });
    }
}
