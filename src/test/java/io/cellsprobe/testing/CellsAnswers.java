package io.cellsprobe.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.vertx.core.json.JsonObject;

/** WireMock answers shaped like the ones a real Cells v1 gives (see shared/cells-contract.md). */
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

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
