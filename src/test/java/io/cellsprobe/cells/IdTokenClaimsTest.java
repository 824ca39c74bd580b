package io.cellsprobe.cells;

import static io.cellsprobe.testing.TestJwt.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cellsprobe.cells.IdTokenClaims.MalformedTokenException;
import io.cellsprobe.testing.TestJwt;

class IdTokenClaimsTest {

    private static final Instant IAT = Instant.parse("2026-03-01T12:00:00Z");
    private static final String HEADER = segment(TestJwt.HEADER_JSON);
    private static final String SIGNATURE = "c2lnbmF0dXJl";

    @Test
    void validTokenYieldsExpAndNonce() {
        String jwt = TestJwt.issuedAt(IAT, "monitor").nonce("n0nce-Abc_1").encode();

        IdTokenClaims claims = IdTokenClaims.decode(jwt);

        assertThat(claims.expiresAt()).isEqualTo(IAT.plusSeconds(600));
        assertThat(claims.nonce()).contains("n0nce-Abc_1");
    }

    @Test
    void tokenWithoutNonceHasNoNonce() {
        IdTokenClaims claims = IdTokenClaims.decode(TestJwt.issuedAt(IAT, "monitor").encode());

        assertThat(claims.nonce()).isEmpty();
        assertThat(claims.expiresAt()).isEqualTo(IAT.plusSeconds(600));
    }

    @Test
    void emptySignatureIsNotChecked() {
        // the signature is Cells' business; only header and payload are read
        IdTokenClaims claims = IdTokenClaims.decode(HEADER + "." + segment("{\"exp\":1772366400}") + ".");

        assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(1772366400));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3NzIzNjY0MDB9", "single-segment",
            "a.b.c.d", "", "..", ".eyJleHAiOjE3NzIzNjY0MDB9.c2ln" })
    void tokenWithoutThreeSegmentsIsMalformed(String jwt) {
        assertMalformed(jwt, "id_token is not a JWT (expected three dot-separated parts)");
    }

    @Test
    void badBase64PayloadIsMalformed() {
        // five base64 characters cannot be a whole number of bytes; '+' and '/' are not base64url
        assertMalformed(HEADER + ".abcde." + SIGNATURE, "id_token payload is not base64url JSON");
        assertMalformed(HEADER + ".ab+/cd." + SIGNATURE, "id_token payload is not base64url JSON");
    }

    @Test
    void badBase64HeaderIsMalformed() {
        assertMalformed("abcde." + segment("{\"exp\":1772366400}") + "." + SIGNATURE,
                "id_token header is not base64url JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "not json", "[1,2]", "\"text\"", "null", "{\"exp\":" })
    void nonJsonObjectPayloadIsMalformed(String payload) {
        assertMalformed(HEADER + "." + segment(payload) + "." + SIGNATURE, "id_token payload is not base64url JSON");
    }

    @Test
    void nonJsonHeaderIsMalformed() {
        assertMalformed(segment("RS256") + "." + segment("{\"exp\":1772366400}") + "." + SIGNATURE,
                "id_token header is not base64url JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{\"iat\":1772366400}", "{\"exp\":\"1772366400\"}", "{\"exp\":null}",
            "{\"exp\":true}" })
    void missingOrNonNumericExpIsMalformed(String payload) {
        assertMalformed(HEADER + "." + segment(payload) + "." + SIGNATURE, "id_token has no numeric exp claim");
    }

    /** BUG: decode's longValueExact() rejects this legal token as "exp claim is not a time". */
    @Test
    void fractionalExpIsAccepted() {
        // RFC 7519 NumericDate may hold fractional seconds; such a token is not malformed
        IdTokenClaims claims = IdTokenClaims.decode(HEADER + "." + segment("{\"exp\":1772366400.5}") + "." + SIGNATURE);

        assertThat(claims.expiresAt()).isBetween(Instant.ofEpochSecond(1772366400), Instant.ofEpochSecond(1772366401));
    }

    /** Out of Instant's range: a server's garbage, never a DateTimeException (an "internal" bug of ours). */
    @ParameterizedTest(name = "exp {0}")
    @ValueSource(longs = { 99_999_999_999_999_999L, -99_999_999_999_999_999L })
    void expBeyondInstantRangeIsMalformed(long exp) {
        String jwt = HEADER + "." + segment("{\"exp\":" + exp + "}") + "." + SIGNATURE;

        assertThatThrownBy(() -> IdTokenClaims.decode(jwt))
                .isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("exp");
    }

    @Test
    void malformedMessageNeverHoldsTheToken() {
        String jwt = HEADER + "." + segment("{\"sub\":\"distinctive-subject-42\"}") + "." + SIGNATURE;

        assertThatThrownBy(() -> IdTokenClaims.decode(jwt))
                .isInstanceOf(MalformedTokenException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(jwt, SIGNATURE, "distinctive-subject-42"));
    }

    private static void assertMalformed(String jwt, String message) {
        assertThatThrownBy(() -> IdTokenClaims.decode(jwt))
                .isInstanceOf(MalformedTokenException.class)
                .hasMessage(message);
    }
}
