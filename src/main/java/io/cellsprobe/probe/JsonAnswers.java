package io.cellsprobe.probe;

import java.math.BigDecimal;
import java.util.OptionalLong;

import io.cellsprobe.cells.CellsResponse;
import io.vertx.core.json.JsonObject;

/** Reading a 2xx answer that must be a JSON object. */
final class JsonAnswers {

    private JsonAnswers() {
    }

    /** @param what "token endpoint", "user endpoint"...: how failures name the answer */
    static JsonObject object(CellsResponse response, String what) {
        if (!response.isJson()) {
            throw new StepFailure(FailureReason.BAD_RESPONSE, what + " " + ErrorCodes.answered(response)
                    + ", not JSON: a proxy or a web page is answering");
        }
        try {
            return new JsonObject(response.bodyText());
        } catch (RuntimeException e) {
            throw new StepFailure(FailureReason.BAD_RESPONSE, what + " answer is not a JSON object");
        }
    }

    /** A number, or a numeric string (protobuf JSON writes 64-bit integers as strings). */
    static OptionalLong number(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value instanceof Integer || value instanceof Long) {
            return OptionalLong.of(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            // Exact or nothing: longValue() would wrap 2^64 + 599 to 599 and turn infinity into Long.MAX_VALUE.
            try {
                return OptionalLong.of(new BigDecimal(number.toString()).longValueExact());
            } catch (ArithmeticException | NumberFormatException e) {
                throw new StepFailure(FailureReason.BAD_RESPONSE, field + " is not a whole number of seconds in range");
            }
        }
        if (value instanceof String text) {
            try {
                return OptionalLong.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                // fall through to the failure below
            }
        }
        throw new StepFailure(FailureReason.BAD_RESPONSE, field + " is neither a number nor a numeric string");
    }
}
