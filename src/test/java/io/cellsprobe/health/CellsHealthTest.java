package io.cellsprobe.health;

import static io.cellsprobe.support.Polling.quietly;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cellsprobe.support.CellsLikeServerResource;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.CellsV1Server.Breakage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(CellsLikeServerResource.class)
class CellsHealthTest {

    private static final Duration PROBE_WAIT = Duration.ofSeconds(10);

    final URL cellsGroup = CellsLikeServerResource.management("/q/health/group/cells");

    final URL live = CellsLikeServerResource.management("/q/health/live");

    final URL ready = CellsLikeServerResource.management("/q/health/ready");

    CellsV1Server cells;

    @AfterEach
    void heal() {
        CellsLikeServerResource.healAndAwaitSuccess(cells);
    }

    @Test
    void cellsCheckGoesDownAfterThresholdWithReasonAndUpAgain() {
        await().atMost(PROBE_WAIT).untilAsserted(() -> quietly().get(cellsGroup).then().statusCode(200)
                .body("checks[0].name", equalTo("cells-acc"))
                .body("checks[0].data.lastResult", equalTo("success")));

        cells.breakWith(Breakage.CREDENTIALS_REJECTED);

        await().atMost(PROBE_WAIT).untilAsserted(() -> quietly().get(cellsGroup).then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks[0].status", equalTo("DOWN"))
                .body("checks[0].data.target", equalTo("acc"))
                .body("checks[0].data.reason", equalTo("credentials_rejected"))
                .body("checks[0].data.phase", equalTo("token"))
                .body("checks[0].data.consecutiveFailures", greaterThanOrEqualTo(2)));

        cells.heal();

        await().atMost(PROBE_WAIT).untilAsserted(() -> quietly().get(cellsGroup).then().statusCode(200)
                .body("checks[0].data.consecutiveFailures", equalTo(0)));
    }

    @Test
    void livenessAndReadinessStayUpDuringCellsOutage() {
        cells.breakWith(Breakage.SERVER_ERROR);

        await().atMost(PROBE_WAIT).untilAsserted(() -> quietly().get(cellsGroup).then().statusCode(503));
        given().get(live).then().statusCode(200).body("status", equalTo("UP"));
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
    }
}
