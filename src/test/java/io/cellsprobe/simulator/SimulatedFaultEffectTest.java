package io.cellsprobe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.config.Target;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Vertx;

/**
 * What {@code GET /simulated-cells/faults} and README say each fault produces is what the real probe
 * reports against it, with the dev target's 4 s timeout.
 */
class SimulatedFaultEffectTest {

    private static Vertx vertx;
    private static SimulatedCellsServer cells;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        cells = SimulatedCellsServer.start(vertx);
    }

    @AfterAll
    static void stop() {
        cells.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @ParameterizedTest
    @EnumSource(SimulatedFault.class)
    void eachFaultProducesTheEffectItDocuments(SimulatedFault fault) throws Exception {
        cells.cells().reset();
        cells.cells().setFault(fault.modeName());
        // A fresh probe each time: no token held from an earlier fault.
        CellsLoginProbe probe = new CellsLoginProbe(new CellsClient(vertx));

        ProbeResult result = probe.run(devTarget()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        String reported = result.failure().map(failure -> failure.reason().label() + " at " + failure.phase().label())
                .orElse("success");
        assertThat(fault.effect()).as("%s: %s", fault.modeName(), result).startsWith(reported);
    }

    private static Target devTarget() {
        return TestTargets.at(cells.url()).name("simulated").apiKey(SimulatedCellsServer.API_KEY)
                .apiSecret(TestTargets.fixed(SimulatedCellsServer.API_SECRET)).username(SimulatedCellsServer.USERNAME)
                .password(TestTargets.fixed(SimulatedCellsServer.PASSWORD)).interval(Duration.ofSeconds(5))
                .timeout(Duration.ofSeconds(4)).build();
    }
}
