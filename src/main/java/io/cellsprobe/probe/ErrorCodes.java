package io.cellsprobe.probe;

import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cellsprobe.cells.CellsResponse;
import io.vertx.core.json.JsonObject;

/** Reads the OAuth {@code error} code of an error answer, bounded so it is safe to show. */
final class ErrorCodes {

    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    /** A media type as servers send it; anything else is not quoted back. */
    private static final Pattern SAFE_MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]{1,40}/[A-Za-z0-9!#$&^_.+-]{1,60}");

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

    /**
     * Phrases of a refused login that mean the account is locked, not the password wrong: Cells v1
     * ("User x has been blocked. Contact your sysadmin."), Cells v2+ ("User is locked - Please contact
     * your admin"), Keycloak ("Account disabled", "Account temporarily disabled").
     */
    private static final Pattern LOCKED_ACCOUNT = Pattern.compile(
            "has been blocked|user is locked|account (temporarily )?disabled", Pattern.CASE_INSENSITIVE);

    /** True when a refusal's JSON text fields ({@code error_description}, {@code Title}, {@code Detail}) say the account is locked. */
    static boolean saysAccountLocked(CellsResponse response) {
        if (!response.isJson()) {
            return false;
        }
        try {
            JsonObject json = new JsonObject(response.bodyText());
            return Stream.of("error_description", "Title", "Detail")
                    .map(json::getValue)
                    .anyMatch(text -> text instanceof String phrase && LOCKED_ACCOUNT.matcher(phrase).find());
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** "answered 403 access_denied", "answered 502 (text/html)": status and what kind of body. */
    static String answered(CellsResponse response) {
        String error = oauthError(response);
        if (!error.isEmpty()) {
            return "answered " + response.status() + " " + error;
        }
        return "answered " + response.status() + " (" + mediaType(response) + ")";
    }

    private static String mediaType(CellsResponse response) {
        String type = response.mediaType();
        if (type == null) {
            return "no content type";
        }
        return SAFE_MEDIA_TYPE.matcher(type).matches() ? type : "an odd content type";
    }
}
