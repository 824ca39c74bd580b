package io.cellsprobe.cells;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.vertx.core.buffer.Buffer;

/**
 * What a Cells endpoint answered: status, content type, the (size-capped) body, and the
 * {@code Retry-After} header when there was one (null otherwise).
 */
public record CellsResponse(int status, String contentType, Buffer body, String retryAfter) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isJson() {
        String type = mediaType();
        return type != null && (type.equals("application/json") || type.endsWith("+json"));
    }

    /** The content type without its parameters, lower case; null when the answer has none. */
    public String mediaType() {
        return contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    public String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
