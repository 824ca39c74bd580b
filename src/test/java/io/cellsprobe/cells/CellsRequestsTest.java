package io.cellsprobe.cells;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.Secret;
import io.cellsprobe.config.Target;
import io.cellsprobe.testing.FormData;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.MultiMap;

class CellsRequestsTest {

    private static final Target ODD_VALUES = TestTargets.at("https://cells.example")
            .apiKey("cells front")
            .apiSecret(TestTargets.fixed("s3cr+t%25:x"))
            .username("monitor bot@example.com")
            .password(TestTargets.fixed("p@ss w+rd&x=%"))
            .scope("email profile pydio")
            .build();

    @Test
    void tokenFormEncodesEveryField() {
        String form = CellsRequests.tokenForm(ODD_VALUES, "n0nce_-A").toString(StandardCharsets.UTF_8);

        assertThat(form).isEqualTo("grant_type=password"
                + "&username=monitor+bot%40example.com"
                + "&password=p%40ss+w%2Brd%26x%3D%25"
                + "&scope=email+profile+pydio"
                + "&nonce=n0nce_-A");
        assertThat(FormData.parse(form)).containsEntry("password", "p@ss w+rd&x=%")
                .containsEntry("username", "monitor bot@example.com");
    }

    @Test
    void basicHeaderFormEncodesKeyAndSecretBeforeBase64() {
        MultiMap headers = CellsRequests.tokenHeaders(ODD_VALUES);

        String expected = "Basic " + Base64.getEncoder()
                .encodeToString("cells+front:s3cr%2Bt%2525%3Ax".getBytes(StandardCharsets.UTF_8));
        assertThat(headers.getAll("Authorization")).containsExactly(expected);
        assertThat(FormData.basicCredentials(headers.get("Authorization"))).containsExactly("cells front", "s3cr+t%25:x");
    }

    @Test
    void tokenHeadersDeclareFormBodyAndJsonAnswer() {
        MultiMap headers = CellsRequests.tokenHeaders(ODD_VALUES);

        assertThat(headers.get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(headers.get("Accept")).isEqualTo("application/json");
        assertThat(headers.names()).containsExactlyInAnyOrder("Authorization", "Content-Type", "Accept");
    }

    @Test
    void userHeadersCarryOnlyTheBearer() {
        MultiMap headers = CellsRequests.bearerHeaders(Secret.of("eyJh.eyJl.c2ln"));

        assertThat(headers.getAll("Authorization")).containsExactly("Bearer eyJh.eyJl.c2ln");
        assertThat(headers.get("Accept")).isEqualTo("application/json");
        assertThat(headers.names()).containsExactlyInAnyOrder("Authorization", "Accept");
    }
}
