package io.cellsprobe.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.support.CellsLikeServerResource;
import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.TestResults;
import io.cellsprobe.testing.TestTargets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(CellsLikeServerResource.class)
class ProbeNowResourceTest {

    CellsV1Server cells;

    @Test
    void probeNowAnswersEachRequestOfTheProbeWithNoSecret() {
        // The application is shared with other test classes: one may have asked within this interval (429).
        JsonPath trace = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().post("/targets/acc/probe").then().extract(), answer -> answer.statusCode() == 200)
                .jsonPath();

        assertThat(trace.getString("target")).isEqualTo("acc");
        assertThat(trace.getString("verdict")).as(trace.prettify()).isEqualTo("success");
        assertThat(trace.getList("requests.path", String.class))
                .containsExactly("/auth/dex/token", "/a/user/" + Account.MONITOR.username());
        assertThat(trace.getList("requests.status", Integer.class)).containsExactly(200, 200);
        assertThat(trace.getString("requests[0].body")).contains("\"id_token\":\"******");
        assertThat(trace.getDouble("stepSeconds.total")).isPositive();
        String text = trace.prettify();
        for (String secret : forbidden()) {
            assertThat(text.contains(secret)).as("a secret or an issued token is in the trace").isFalse();
        }
    }

    @Test
    void probeNowOfAnUnknownTargetIsNotFound() {
        given().post("/targets/nobody/probe").then().statusCode(404)
                .body("error", equalTo("no target named nobody"));
    }

    @Test
    void probeNowIsOnlyAPost() {
        given().get("/targets/acc/probe").then().statusCode(405);
    }

    @Test
    void suspendedTargetRefusesAProbeNowWithWhatToDo() {
        TargetStatus status = TargetStatus.initial(TestTargets.at("http://127.0.0.1:9").build());
        for (int i = 0; i < 3; i++) {
            status = status.next(TestResults.refusedLogin(status.target(), FailureReason.CREDENTIALS_REJECTED,
                    Instant.now()));
        }

        assertThat(ProbeNowResource.refusal(status)).hasValueSatisfying(
                reason -> assertThat(reason).contains("suspended", "password attempt", "rotate the password-file"));
    }

    @Test
    void targetBackingOffAfterARejectionRefusesAProbeNow() {
        TargetStatus status = TargetStatus.initial(TestTargets.at("http://127.0.0.1:9").build())
                .next(TestResults.refusedLogin(TestTargets.at("http://127.0.0.1:9").build(),
                        FailureReason.CREDENTIALS_REJECTED, Instant.now()));

        assertThat(ProbeNowResource.refusal(status)).hasValueSatisfying(
                reason -> assertThat(reason).contains("backing off after credentials_rejected until"));
        assertThat(ProbeNowResource.refusal(TargetStatus.initial(status.target()))).isEmpty();
    }

    private List<String> forbidden() {
        List<String> values = new java.util.ArrayList<>(cells.issuedTokens());
        values.add(Account.MONITOR.apiSecret());
        values.add(Account.MONITOR.password());
        return values;
    }
}
