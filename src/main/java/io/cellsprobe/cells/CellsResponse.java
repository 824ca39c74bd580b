package io.cellsprobe.cells;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.vertx.core.buffer.Buffer;

/**
 * What a Cells endpoint answered: status, content type, the (size-capped) body, and the
 * {@code Retry-After} header when there was one (null otherwise).
 */
public record CellsResponse(int status, String contentType, Buffer body, String retryAfter) {

    public boolean isJson() {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    public String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
