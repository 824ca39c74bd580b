package io.cellsprobe.simulator;

import static io.cellsprobe.simulator.Simulator.CLIENT_ID;
import static io.cellsprobe.simulator.Simulator.CLIENT_SECRET;
import static io.cellsprobe.simulator.Simulator.LOGIN;
import static io.cellsprobe.simulator.Simulator.PASSWORD;
import static io.cellsprobe.simulator.Simulator.basic;
import static io.cellsprobe.simulator.Simulator.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;

/**
 * The HTTP glue, called directly: the resource exists only in the dev build, so no Quarkus test
 * application can reach it.
 */
class SimulatedCellsResourceTest {

    private final Simulator simulator = new Simulator();
    private final List<String> resumed = new ArrayList<>();
    private final SimulatedCellsResource resource = new SimulatedCellsResource(simulator.cells, List.of("simulated"),
            resumed::add);

    @Test
    void resetResumesTheTargetsProbingThisServer() {
        resource.setFault("wrong-password").await().atMost(Duration.ofSeconds(5));
        assertThat(resumed).isEmpty();

        RestResponse<String> response = resource.setFault("reset").await().atMost(Duration.ofSeconds(5));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(resumed).containsExactly("simulated");
    }

    @Test
    void faultsSayWhatEachModeProduces() {
        RestResponse<String> response = resource.faults().await().atMost(Duration.ofSeconds(5));

        assertThat(json(response.getEntity()).get("effects").get("database-down").asText())
                .startsWith("backend_unavailable at token");
        assertThat(json(response.getEntity()).get("effects")).hasSize(SimulatedFault.values().length);
    }

    @Test
    void existsOnlyInTheDevBuild() {
        IfBuildProfile profile = SimulatedCellsResource.class.getAnnotation(IfBuildProfile.class);

        assertThat(profile).isNotNull();
        assertThat(profile.value()).isEqualTo("dev");
    }

    @Test
    void tokenKeepsStatusContentTypeAndBody() {
        RestResponse<String> response = resource.token(basic(CLIENT_ID, CLIENT_SECRET), passwordForm())
                .await().atMost(Duration.ofSeconds(5));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(json(response.getEntity()).get("token_type").asText()).isEqualTo("bearer");
    }

    @Test
    void tokenUsesTheFirstValueOfARepeatedField() {
        MultivaluedMap<String, String> form = passwordForm();
        form.add("password", "second-value-ignored");

        assertThat(resource.token(basic(CLIENT_ID, CLIENT_SECRET), form).await().indefinitely().getStatus())
                .isEqualTo(200);
    }

    @Test
    void getOnTheTokenEndpointIsInvalidGrant() {
        RestResponse<String> response = resource.tokenWithGet(basic(CLIENT_ID, CLIENT_SECRET)).await().indefinitely();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(json(response.getEntity()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void userWithoutBearerIsPlainTextUnauthorized() {
        RestResponse<String> response = resource.user(null, LOGIN).await().indefinitely();

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString(HttpHeaders.CONTENT_TYPE)).startsWith("text/plain");
        assertThat(response.getEntity()).isEqualTo("Unauthorized.");
    }

    @Test
    void unknownFaultModeIsNotFound() {
        assertThat(resource.setFault("no-such-mode").await().indefinitely().getStatus()).isEqualTo(404);
        assertThat(json(resource.faults().await().indefinitely().getEntity()).get("fault").asText())
                .isEqualTo("none");
    }

    @Test
    void delaysRunOnATimerInsteadOfTheCallingThread() {
        resource.setFault("slow").await().indefinitely();

        long start = System.nanoTime();
        Uni<RestResponse<String>> delayed = resource.token(basic(CLIENT_ID, CLIENT_SECRET), passwordForm());
        Duration toReturn = Duration.ofNanos(System.nanoTime() - start);
        RestResponse<String> response = delayed.await().atMost(Duration.ofSeconds(10));
        Duration toAnswer = Duration.ofNanos(System.nanoTime() - start);

        assertThat(toReturn).isLessThan(Duration.ofSeconds(1));
        assertThat(toAnswer).isGreaterThanOrEqualTo(SimulatedFault.SLOW_DELAY);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static MultivaluedMap<String, String> passwordForm() {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        Simulator.passwordGrant(LOGIN, PASSWORD).forEach(form::add);
        return form;
    }
}
