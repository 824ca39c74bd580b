package io.cellsprobe.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.config.Target;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.ProbeResult;
import io.vertx.core.Vertx;

/**
 * Untimed logins before a test class's first timed probe: the first request of a JVM loads Vert.x,
 * Netty, Jackson and Jetty classes and can take longer than a test's 500 ms or 2 s timeout on a busy
 * machine, which would blame whatever the first test checks. Once per test JVM.
 */
public final class FirstProbeWarmUp {

    private static boolean done;

    private FirstProbeWarmUp() {
    }

    public static synchronized void once() {
        if (done) {
            return;
        }
        Vertx vertx = Vertx.vertx();
        try (CellsV1Server cells = CellsV1Server.healthy(TestTargets.ACCOUNT)) {
            CellsLoginProbe probe = new CellsLoginProbe(new CellsClient(vertx));
            Target target = TestTargets.at(cells.url()).interval(Duration.ofSeconds(20))
                    .timeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < 3; i++) {
                ProbeResult result = probe.run(target).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
                if (!result.success()) {
                    throw new AssertionError("warm-up login failed: " + result);
                }
            }
            done = true;
        } catch (Exception e) {
            throw new AssertionError("warm-up login failed", e);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
