package io.cellsprobe.simulator;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;

import io.cellsprobe.config.CredentialsChanged;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;

/**
 * The simulated Cells over HTTP, in the dev build only, so {@code ./mvnw quarkus:dev} has a server to
 * probe. Faults are switched with {@code curl -X POST localhost:8080/simulated-cells/faults/html}.
 */
@IfBuildProfile("dev")
@Path("/simulated-cells")
public class SimulatedCellsResource {

    private final SimulatedCells cells;
    /** The targets that probe this server: a reset resumes them. */
    private final List<String> probingTargets;
    private final Consumer<String> resumeTarget;

    @Inject
    SimulatedCellsResource(
            @ConfigProperty(name = "cells-probe.simulator.api-key", defaultValue = "cells-front") String apiKey,
            @ConfigProperty(name = "cells-probe.simulator.api-secret", defaultValue = "dev-secret+with%odd:chars") String apiSecret,
            @ConfigProperty(name = "cells-probe.simulator.username", defaultValue = "monitor") String username,
            @ConfigProperty(name = "cells-probe.simulator.password", defaultValue = "dev-password") String password,
            // The issuer must name the URL the probe uses, as on a real server.
            @ConfigProperty(name = "cells-probe.targets.simulated.url") Optional<String> probedUrl,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort,
            Targets targets, Event<CredentialsChanged> credentialsChanged) {
        this(new SimulatedCells(Clock.systemUTC(), probedUrl.orElse("http://localhost:" + httpPort + "/simulated-cells"),
                apiKey, apiSecret, username, password),
                targets.all().stream().filter(target -> target.url().toString()
                        .equals(probedUrl.orElse("http://localhost:" + httpPort + "/simulated-cells")))
                        .map(Target::name).toList(),
                target -> credentialsChanged.fire(new CredentialsChanged(target)));
    }

    SimulatedCellsResource(SimulatedCells cells, List<String> probingTargets, Consumer<String> resumeTarget) {
        this.cells = cells;
        this.probingTargets = probingTargets;
        this.resumeTarget = resumeTarget;
    }

    @POST
    @Path("/auth/dex/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<RestResponse<String>> token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form) {
        return send(cells.token(authorization, firstValues(form)));
    }

    /** Cells' Dex reads no form on a GET, so this ends in invalid_client or invalid_grant. */
    @GET
    @Path("/auth/dex/token")
    public Uni<RestResponse<String>> tokenWithGet(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return send(cells.token(authorization, Map.of()));
    }

    @GET
    @Path("/a/user/{login}")
    public Uni<RestResponse<String>> user(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("login") String login) {
        return send(cells.user(authorization, login));
    }

    @GET
    @Path("/a/frontend/bootconf")
    public Uni<RestResponse<String>> bootconf() {
        return send(cells.bootconf());
    }

    @GET
    @Path("/faults")
    public Uni<RestResponse<String>> faults() {
        return send(cells.faults());
    }

    @POST
    @Path("/faults/{mode}")
    public Uni<RestResponse<String>> setFault(@PathParam("mode") String mode) {
        SimulatedAnswer answer = cells.setFault(mode);
        if (SimulatedCells.RESET.equals(mode)) {
            // The administrator's fix in dev mode: a target suspended for this server tries again now.
            probingTargets.forEach(resumeTarget);
        }
        return send(answer);
    }

    /** Go's PostFormValue: the first value of each field. */
    private static Map<String, String> firstValues(MultivaluedMap<String, String> form) {
        Map<String, String> first = new HashMap<>();
        if (form != null) {
            form.forEach((name, values) -> {
                if (!values.isEmpty()) {
                    first.put(name, values.get(0));
                }
            });
        }
        return first;
    }

    /** Delays run on a timer, not on a sleeping thread: a hanging token call holds no worker. */
    private static Uni<RestResponse<String>> send(SimulatedAnswer answer) {
        RestResponse<String> response = RestResponse.ResponseBuilder.<String>create(answer.status())
                .entity(answer.body())
                .type(answer.contentType())
                .build();
        Uni<RestResponse<String>> now = Uni.createFrom().item(response);
        return answer.delay().isZero() ? now : now.onItem().delayIt().by(answer.delay());
    }
}
