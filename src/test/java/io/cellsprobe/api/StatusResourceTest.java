package io.cellsprobe.api;

import static io.cellsprobe.support.Polling.quietly;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.cellsprobe.support.CellsLikeServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(CellsLikeServerResource.class)
class StatusResourceTest {

    @Test
    void statusListsEveryTargetWithItsLastResult() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> quietly().get("/status").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].target", equalTo("acc"))
                .body("[0].lastResult", equalTo("success"))
                .body("[0].state", equalTo("UP")));
    }

    @Test
    void metricsAndHealthAreNotOnTheMainPort() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health").then().statusCode(404).body(not(containsString("cells-acc")));
    }
}
