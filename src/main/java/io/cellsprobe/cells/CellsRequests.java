package io.cellsprobe.cells;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.cellsprobe.config.Secret;
import io.cellsprobe.config.Target;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

/** The requests of a Cells login, built as a real client sends them. */
public final class CellsRequests {

    private CellsRequests() {
    }

    /**
     * Client authentication per RFC 6749 2.3.1: id and secret are form-urlencoded before Base64,
     * because Dex URL-decodes both; a secret holding {@code +}, {@code %} or {@code :} breaks otherwise.
     */
    public static MultiMap tokenHeaders(Target target) {
        return tokenHeaders(basicCredentials(target));
    }

    /** @param basicCredentials the Base64 of {@code id:secret}, each form-urlencoded */
    static MultiMap tokenHeaders(Secret basicCredentials) {
        return MultiMap.caseInsensitiveMultiMap()
                .add(HttpHeaders.AUTHORIZATION, "Basic " + basicCredentials.reveal())
                .add(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .add(HttpHeaders.ACCEPT, "application/json");
    }

    /** The Base64 credentials of the Basic header: secret too, since they decode to the API secret. */
    public static Secret basicCredentials(Target target) {
        String credentials = formEncode(target.apiKey()) + ":" + formEncode(target.apiSecret().reveal());
        return Secret.of(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    public static Buffer tokenForm(Target target, String nonce) {
        return form("grant_type=password"
                + "&username=" + formEncode(target.username())
                + "&password=" + formEncode(target.password().reveal())
                + "&scope=" + formEncode(target.scope())
                + "&nonce=" + formEncode(nonce));
    }

    /**
     * Cells' Dex accepts a refresh only with the nonce of the login that issued the refresh token
     * (else 400 invalid_request); other providers ignore the field.
     */
    public static Buffer refreshForm(Secret refreshToken, String nonce) {
        return form("grant_type=refresh_token&refresh_token=" + formEncode(refreshToken.reveal())
                + "&nonce=" + formEncode(nonce));
    }

    /** Cells v2+'s robot login, the same JSON its web client posts. */
    public static Buffer sessionBody(Target target) {
        JsonObject authInfo = new JsonObject()
                .put("login", target.username())
                .put("password", target.password().reveal())
                .put("type", "credentials");
        return new JsonObject().put("AuthInfo", authInfo).toBuffer();
    }

    public static MultiMap jsonHeaders() {
        return MultiMap.caseInsensitiveMultiMap()
                .add(HttpHeaders.CONTENT_TYPE, "application/json")
                .add(HttpHeaders.ACCEPT, "application/json");
    }

    public static MultiMap acceptJson() {
        return MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.ACCEPT, "application/json");
    }

    /** Only the Bearer: Cells rejects other credentials on /a/ and a real client sends nothing else. */
    public static MultiMap bearerHeaders(Secret token) {
        return acceptJson().add(HttpHeaders.AUTHORIZATION, "Bearer " + token.reveal());
    }

    private static Buffer form(String form) {
        return Buffer.buffer(form, StandardCharsets.UTF_8.name());
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
