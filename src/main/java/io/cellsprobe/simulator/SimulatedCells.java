package io.cellsprobe.simulator;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

/**
 * A Pydio Cells v1 server reduced to the monitored login path: the Dex password grant and the user
 * API, answering as described in {@code docs/cells-api.md}, plus {@link SimulatedFault}s switchable
 * at runtime, and the {@value #RESET} action. Plain Java, so it is tested without starting Quarkus;
 * thread-safe.
 */
public final class SimulatedCells {

    /** Not a fault: the administrator's action that clears the fault and unblocks the account. */
    public static final String RESET = "reset";

    private static final Logger LOG = Logger.getLogger(SimulatedCells.class);

    private final AtomicReference<SimulatedFault> fault = new AtomicReference<>(SimulatedFault.NONE);
    private final AccountLockout lockout = new AccountLockout();
    private final RsaJwtSigner signer = new RsaJwtSigner();
    private final DexTokenEndpoint tokenEndpoint;
    private final CellsUserEndpoint userEndpoint;

    /**
     * @param baseUrl the URL a client reaches this server at; the id_token issuer is
     *                {@code <baseUrl>/auth/dex} like on a real server
     */
    public SimulatedCells(Clock clock, String baseUrl, String clientId, String clientSecret, String login,
            String password) {
        SimulatedAccount account = new SimulatedAccount(clientId, clientSecret, login, password);
        String issuer = baseUrl.replaceAll("/+$", "") + "/auth/dex";
        this.tokenEndpoint = new DexTokenEndpoint(clock, issuer, account, lockout, signer);
        this.userEndpoint = new CellsUserEndpoint(clock, issuer, account, signer);
    }

    /** {@code POST <URL>/auth/dex/token}; a GET is this with an empty form. */
    public SimulatedAnswer token(String authorizationHeader, Map<String, String> form) {
        SimulatedFault current = fault.get();
        return tokenEndpoint.answer(authorizationHeader, form, current).delayedBy(current.tokenDelay());
    }

    /** {@code GET <URL>/a/user/{login}}. */
    public SimulatedAnswer user(String authorizationHeader, String login) {
        SimulatedFault current = fault.get();
        return userEndpoint.answer(authorizationHeader, login, current, lockout.isBlocked())
                .delayedBy(current.userDelay());
    }

    /**
     * {@code GET <URL>/a/frontend/bootconf}: the web client's start-up settings, served to anyone while
     * Cells works, refused like every {@code /a/} call while its database is down.
     */
    public SimulatedAnswer bootconf() {
        if (fault.get() == SimulatedFault.DATABASE_DOWN) {
            return SimulatedAnswer.text(401, CellsUserEndpoint.UNAUTHORIZED);
        }
        Map<String, Object> wording = new LinkedHashMap<>();
        wording.put("title", "Pydio Cells");
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("PackageType", "CELLS");
        backend.put("PackageLabel", "Pydio Cells Home Edition");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ENDPOINT_REST_API", "/a");
        body.put("customWording", wording);
        body.put("backend", backend);
        return SimulatedAnswer.json(200, Json.write(body));
    }

    public SimulatedFault fault() {
        return fault.get();
    }

    /**
     * Switches to the fault named {@code mode}, or runs {@value #RESET}.
     *
     * @return 200 with {@link #faults()}, or 404 listing the modes when {@code mode} is unknown
     */
    public SimulatedAnswer setFault(String mode) {
        if (RESET.equals(mode)) {
            reset();
            return faults();
        }
        Optional<SimulatedFault> requested = SimulatedFault.fromModeName(mode);
        if (requested.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "unknown fault mode");
            body.put("modes", SimulatedFault.modeNames());
            body.put("actions", List.of(RESET));
            return SimulatedAnswer.json(404, Json.write(body));
        }
        fault.set(requested.get());
        LOG.infof("simulated Cells fault now: %s", requested.get().modeName());
        return faults();
    }

    /** Back to a healthy server with an unblocked account, as after an administrator's fix. */
    public void reset() {
        fault.set(SimulatedFault.NONE);
        lockout.unblock();
        LOG.info("simulated Cells reset: account unblocked, fault now: none");
    }

    /** The current fault, the modes and the lockout state, for {@code GET .../faults}. */
    public SimulatedAnswer faults() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fault", fault.get().modeName());
        body.put("modes", SimulatedFault.modeNames());
        Map<String, String> effects = new LinkedHashMap<>();
        for (SimulatedFault each : SimulatedFault.values()) {
            effects.put(each.modeName(), each.effect());
        }
        body.put("effects", effects);
        body.put("actions", List.of(RESET));
        body.put("accountBlocked", lockout.isBlocked());
        body.put("consecutiveWrongPasswords", lockout.consecutiveFailures());
        return SimulatedAnswer.json(200, Json.write(body));
    }

    RSAPublicKey publicKey() {
        return signer.publicKey();
    }

    String keyId() {
        return signer.keyId();
    }
}
