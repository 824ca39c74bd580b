package io.cellsprobe.cells;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class ClientWarmUpTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void warmUpSendsEveryRequestThroughTheProbeClientAndGetsItAnswered() throws Exception {
        Future<Integer> done = new ClientWarmUp(vertx, new CellsClient(vertx), 101).run();

        assertThat(done.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(101);
    }

    @Test
    void warmUpEndsWithTheClientsFailureInsteadOfThrowing() throws Exception {
        // A body cap below the loopback token answer: the first request fails as a probe would.
        Future<Integer> done = new ClientWarmUp(vertx, new CellsClient(vertx, 64), 10).run();

        Throwable failure = done.toCompletionStage().toCompletableFuture()
                .handle((answered, error) -> error).get(30, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(ResponseTooLargeException.class);
    }
}
