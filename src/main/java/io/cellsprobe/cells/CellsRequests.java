package io.cellsprobe.cells;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.cellsprobe.config.Secret;
import io.cellsprobe.config.Target;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/** The two requests of a Cells v1 login, built as a real client sends them. */
public final class CellsRequests {

    private CellsRequests() {
    }

    /**
     * Client authentication per RFC 6749 2.3.1: id and secret are form-urlencoded before Base64,
     * because Dex URL-decodes both; a secret holding {@code +}, {@code %} or {@code :} breaks otherwise.
     */
    public static MultiMap tokenHeaders(Target target) {
        String credentials = formEncode(target.apiKey()) + ":" + formEncode(target.apiSecret().reveal());
        String basic = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return MultiMap.caseInsensitiveMultiMap()
                .add(HttpHeaders.AUTHORIZATION, basic)
                .add(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .add(HttpHeaders.ACCEPT, "application/json");
    }

    public static Buffer tokenForm(Target target, String nonce) {
        String form = "grant_type=password"
                + "&username=" + formEncode(target.username())
                + "&password=" + formEncode(target.password().reveal())
                + "&scope=" + formEncode(target.scope())
                + "&nonce=" + formEncode(nonce);
        return Buffer.buffer(form, StandardCharsets.UTF_8.name());
    }

    /** Only the Bearer: Cells rejects other credentials on /a/ and a real client sends nothing else. */
    public static MultiMap userHeaders(Secret idToken) {
        return MultiMap.caseInsensitiveMultiMap()
                .add(HttpHeaders.AUTHORIZATION, "Bearer " + idToken.reveal())
                .add(HttpHeaders.ACCEPT, "application/json");
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
