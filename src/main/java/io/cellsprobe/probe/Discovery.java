package io.cellsprobe.probe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import io.cellsprobe.cells.CellsResponse;
import io.cellsprobe.config.Flavor;
import io.vertx.core.json.JsonObject;

/**
 * What discovery found: the concrete flavor, and for an OpenID provider its endpoints. Cached per
 * target, dropped after a failed probe so a moved endpoint or an upgraded Cells is found again.
 */
record Discovery(Flavor flavor, Optional<URI> tokenEndpoint, Optional<URI> userinfoEndpoint) {

    static final String DEX_DISCOVERY = "/auth/dex/.well-known/openid-configuration";
    static final String HYDRA_DISCOVERY = "/oidc/.well-known/openid-configuration";

    /** Reads an OpenID discovery document. */
    static Discovery openIdProvider(CellsResponse response) {
        if (!response.isSuccess()) {
            throw new StepFailure(FailureReason.HTTP_ERROR, "discovery document " + ErrorCodes.answered(response));
        }
        JsonObject json = JsonAnswers.object(response, "discovery document");
        URI tokenEndpoint = endpoint(json, "token_endpoint")
                .orElseThrow(() -> new StepFailure(FailureReason.BAD_RESPONSE, "discovery document has no token_endpoint"));
        return new Discovery(Flavor.OIDC_PASSWORD, Optional.of(tokenEndpoint), endpoint(json, "userinfo_endpoint"));
    }

    /** True when the answer is a discovery document at all: JSON with an issuer. */
    static boolean isDocument(CellsResponse response) {
        if (response.status() != 200 || !response.isJson()) {
            return false;
        }
        try {
            return new JsonObject(response.bodyText()).getValue("issuer") instanceof String;
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    URI requireUserinfo() {
        return userinfoEndpoint.orElseThrow(() -> new StepFailure(FailureReason.BAD_RESPONSE,
                "discovery document has no userinfo_endpoint"));
    }

    private static Optional<URI> endpoint(JsonObject json, String field) {
        if (!(json.getValue(field) instanceof String text)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            throw new StepFailure(FailureReason.BAD_RESPONSE, "discovery document's " + field + " is not a URL");
        }
    }
}
