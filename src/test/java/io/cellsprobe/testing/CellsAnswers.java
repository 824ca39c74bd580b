package io.cellsprobe.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import java.time.Instant;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** WireMock answers shaped like the ones a real Cells gives (docs/cells-api.md). */
public final class CellsAnswers {

    private CellsAnswers() {
    }

    /** Dex's token answer body; {@code expiresIn} may be a number, a string or null (left out). */
    public static String tokenJson(String idToken, Object expiresIn) {
        JsonObject body = new JsonObject()
                .put("access_token", "access-token-jp4xk2a7bs2n5vq3")
                .put("token_type", "bearer");
        if (expiresIn != null) {
            body.put("expires_in", expiresIn);
        }
        if (idToken != null) {
            body.put("id_token", idToken);
        }
        return body.encode();
    }

    public static ResponseDefinitionBuilder token(String idToken, Object expiresIn) {
        return json(200, tokenJson(idToken, expiresIn));
    }

    /** An OAuth error answer of the token endpoint. */
    public static ResponseDefinitionBuilder oauthError(int status, String error) {
        return json(status, new JsonObject().put("error", error)
                .put("error_description", "described by the test").encode());
    }

    /** The user record Cells answers for its own login (protobuf JSON, proto field names). */
    public static String userJson(String login) {
        return new JsonObject()
                .put("Uuid", "b9a2c0de-0000-4000-8000-000000000001")
                .put("GroupPath", "/")
                .put("Attributes", new JsonObject().put("profile", "standard").put("displayName", "Monitor"))
                .put("Login", login)
                .put("PoliciesContextEditable", true)
                .encode();
    }

    public static ResponseDefinitionBuilder user(String login) {
        return json(200, userJson(login));
    }

    /** What Cells answers on /a/ to a missing, invalid or expired Bearer. */
    public static ResponseDefinitionBuilder unauthorized() {
        return aResponse().withStatus(401).withHeader("Content-Type", "text/plain").withBody("Unauthorized.");
    }

    /** The gateway's web login page, answered with 200 for any unknown path. */
    public static ResponseDefinitionBuilder loginPage() {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><head><title>Pydio Cells</title></head><body></body></html>");
    }

    /** Cells' anonymous web-client settings: what any healthy Cells (v1 to v5) answers without credentials. */
    public static final String BOOTCONF_PATH = "/a/frontend/bootconf";

    public static ResponseDefinitionBuilder bootconf() {
        return json(200, new JsonObject().put("ENDPOINT_REST_API", "/a")
                .put("customWording", new JsonObject().put("title", "Pydio Cells")).encode());
    }

    /**
     * Cells v1's token endpoint with its database down, for the right password: byte for byte its
     * answer to a wrong password or an unknown user.
     */
    public static ResponseDefinitionBuilder v1LoginRefused() {
        return json(403, new JsonObject().put("error", "access_denied").put("error_description",
                "{\"id\":\"auth\",\"code\":401,\"detail\":\"cannot find username or password\",\"status\":\"Unauthorized\"}")
                .encode());
    }

    /** Dex's discovery document on Cells v1, at {@code <url>/auth/dex/.well-known/openid-configuration}. */
    public static ResponseDefinitionBuilder dexDiscovery(String url) {
        String issuer = url + "/auth/dex";
        return json(200, discovery(issuer, issuer + "/auth", issuer + "/token", issuer + "/keys").encode());
    }

    /** Hydra's discovery document on Cells v2+, at {@code <url>/oidc/.well-known/openid-configuration}: no password grant. */
    public static ResponseDefinitionBuilder hydraDiscovery(String url) {
        String issuer = url + "/oidc/";
        return json(200, discovery(issuer, issuer + "oauth2/auth", issuer + "oauth2/token", issuer + ".well-known/jwks.json")
                .put("grant_types_supported", new JsonArray().add("authorization_code").add("implicit")
                        .add("client_credentials").add("refresh_token"))
                .encode());
    }

    private static JsonObject discovery(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri) {
        return new JsonObject().put("issuer", issuer).put("authorization_endpoint", authorizationEndpoint)
                .put("token_endpoint", tokenEndpoint).put("jwks_uri", jwksUri);
    }

    /**
     * Cells v2+'s session answer as seen on v2.2.7: {@code JWT} and {@code Token.AccessToken} the same
     * access token, {@code ExpireTime} its expiry as a Unix time, {@code Token.ExpiresAt} the same as a
     * string (protobuf JSON's 64-bit integers), {@code Token.IDToken} a JWT that is no Bearer.
     */
    public static String sessionJson(String accessToken, String idToken, Instant expiresAt) {
        return new JsonObject().put("JWT", accessToken).put("ExpireTime", expiresAt.getEpochSecond())
                .put("Token", new JsonObject().put("AccessToken", accessToken).put("IDToken", idToken)
                        .put("ExpiresAt", String.valueOf(expiresAt.getEpochSecond())))
                .encode();
    }

    /** Cells v2+'s session endpoint with its database down, even for the right password. */
    public static ResponseDefinitionBuilder v2SessionWithDatabaseDown() {
        return aResponse().withStatus(401).withHeader("Content-Type", "text/plain").withBody("Unauthorized.");
    }

    /** Cells v2+'s session endpoint for a wrong password, database up. */
    public static ResponseDefinitionBuilder v2WrongPassword() {
        return json(401, new JsonObject().put("Title", "Login failed").put("Detail", "Unauthorized: Login failed")
                .encode());
    }

    /** Cells v1's token endpoint for a blocked account (10 failed logins), even for the right password. */
    public static ResponseDefinitionBuilder v1AccountBlocked(String login) {
        return json(403, new JsonObject().put("error", "access_denied").put("error_description",
                "{\"id\":\"user\",\"code\":401,\"detail\":\"User " + login
                        + " has been blocked. Contact your sysadmin.\",\"status\":\"Unauthorized\"}").encode());
    }

    /** Cells v2+'s session endpoint for a locked account. */
    public static ResponseDefinitionBuilder v2AccountLocked() {
        return json(401, new JsonObject().put("Title", "User is locked - Please contact your admin")
                .put("Detail", "Unauthorized: User is locked - Please contact your admin").encode());
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
