package io.cellsprobe.cells;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.buffer.Buffer;

class CellsResponseTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
            "application/problem+json", " application/json " })
    void jsonMediaTypesAreJson(String contentType) {
        assertThat(response(contentType).isJson()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @NullSource
    @ValueSource(strings = { "text/html", "text/html; charset=utf-8", "text/plain", "application/jsonp",
            "text/json", "", "application/x-www-form-urlencoded; note=application/json" })
    void otherMediaTypesAreNotJson(String contentType) {
        assertThat(response(contentType).isJson()).isFalse();
    }

    @Test
    void bodyTextIsDecodedAsUtf8() {
        Buffer body = Buffer.buffer("{\"Login\":\"René\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(new CellsResponse(200, "application/json", body, null).bodyText()).isEqualTo("{\"Login\":\"René\"}");
    }

    private static CellsResponse response(String contentType) {
        return new CellsResponse(200, contentType, Buffer.buffer("{}"), null);
    }
}
