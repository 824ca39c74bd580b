package io.cellsprobe.probe;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.vertx.core.Future;

/**
 * How one {@link Flavor} logs in: the steps it runs, its requests and how it reads their answers,
 * and what it asks, without credentials, after a refused login. Registered in {@link LoginFlows};
 * what the flavor needs from the configuration is declared on its {@link Flavor} constant, since
 * configuration is read before, and apart from, any probe.
 */
interface LoginFlow {

    /**
     * Anonymous on every Cells generation (v1 and v2 seen answering 200 JSON when healthy, 401 with
     * the database down; v4's default policies grant it to profile:anon): docs/cells-api.md.
     */
    String CELLS_BOOTCONF = "/a/frontend/bootconf";

    Flavor flavor();

    /** The login steps it may run, in order; the refresh and user steps follow for every flow. */
    List<Phase> steps();

    /**
     * Reasons its steps can fail with beyond those every target's step has ({@link Phase#reasons});
     * the metrics pre-set a failure counter for each.
     */
    default Set<FailureReason> moreReasons(Phase step) {
        return Set.of();
    }

    /** Logs in, one {@link ProbeRun#step step} per request; a refusal fails with a {@link StepFailure}. */
    Future<Login> login(ProbeRun run, String nonce);

    /** Should answer 200 JSON without credentials whenever the server can serve a login. */
    default URI anonymousEvidence(Target target) {
        return target.resolve(CELLS_BOOTCONF);
    }
}
