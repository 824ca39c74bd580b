package io.cellsprobe.probe;

import java.util.regex.Pattern;

import io.cellsprobe.cells.CellsResponse;
import io.vertx.core.json.JsonObject;

/** Reads the OAuth {@code error} code of an error answer, bounded so it is safe to show. */
final class ErrorCodes {

    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    private ErrorCodes() {
    }

    /** The {@code error} field of a JSON answer, or empty when there is none or it looks odd. */
    static String oauthError(CellsResponse response) {
        if (!response.isJson()) {
            return "";
        }
        try {
            Object error = new JsonObject(response.bodyText()).getValue("error");
            return error instanceof String code && SAFE_CODE.matcher(code).matches() ? code : "";
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    /** "answered 403 access_denied", "answered 502 (text/html)": status and what kind of body. */
    static String answered(CellsResponse response) {
        String error = oauthError(response);
        if (!error.isEmpty()) {
            return "answered " + response.status() + " " + error;
        }
        String type = response.contentType() == null ? "no content type" : response.contentType().split(";", 2)[0];
        return "answered " + response.status() + " (" + type + ")";
    }
}
