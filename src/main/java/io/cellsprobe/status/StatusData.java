package io.cellsprobe.status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A target's status as the flat data that the {@code cells} health group and {@code /status} both
 * answer, with the same JSON type for every key. SmallRye health data holds only strings, whole
 * numbers and booleans, so that is what every value becomes here: whole numbers stay numbers,
 * booleans booleans, anything else (times, {@code lastDurationSeconds}) is text. Every key of
 * {@link TargetStatus#describe()} is carried.
 */
public final class StatusData {

    private StatusData() {
    }

    /** Each value a {@link String}, a {@link Long} or a {@link Boolean}, in describe()'s order. */
    public static Map<String, Object> of(TargetStatus status) {
        Map<String, Object> data = new LinkedHashMap<>();
        status.describe().forEach((key, value) -> data.put(key, typed(value)));
        return data;
    }

    private static Object typed(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }
}
