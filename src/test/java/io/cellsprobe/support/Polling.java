package io.cellsprobe.support;

import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.specification.RequestSpecification;

/**
 * Requests for polling loops ({@code await().untilAsserted(...)}). Quarkus tests log request and
 * response whenever a RestAssured check fails; inside a loop every attempt before the awaited state
 * is such a failure, and thousands of dumps would read like real ones. These requests log nothing:
 * a loop that times out still fails with the last attempt's mismatch.
 */
public final class Polling {

    private Polling() {
    }

    public static RequestSpecification quietly() {
        return RestAssured.given().config(RestAssured.config().logConfig(LogConfig.logConfig()));
    }
}
