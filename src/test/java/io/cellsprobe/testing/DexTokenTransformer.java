package io.cellsprobe.testing;

import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * WireMock extension answering a token request like Dex does: it echoes the request's form
 * {@code nonce} in the id_token. The probe makes a fresh nonce per run, so only a server-side
 * transformer can answer with the right one. Used by stubs through {@link #answer}; applies to no
 * other stub.
 */
public final class DexTokenTransformer implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "dex-token-echoing-nonce";
    private static final String CLAIMS = "claims";
    private static final String EXPIRES_IN = "expires_in";

    /** A 200 token answer whose id_token has these claims plus the nonce the probe sent. */
    public static ResponseDefinitionBuilder answer(TestJwt jwt, Object expiresIn) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withTransformers(NAME)
                .withTransformerParameter(CLAIMS, jwt.claims())
                .withTransformerParameter(EXPIRES_IN, expiresIn);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ResponseDefinition transform(ServeEvent event) {
        Parameters parameters = event.getTransformerParameters();
        Map<String, Object> claims = new java.util.LinkedHashMap<>((Map<String, Object>) parameters.get(CLAIMS));
        String nonce = FormData.parse(event.getRequest().getBodyAsString()).get("nonce");
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        return ResponseDefinitionBuilder.like(event.getResponseDefinition())
                .but()
                .withBody(CellsAnswers.tokenJson(TestJwt.encode(claims), parameters.get(EXPIRES_IN)))
                .build();
    }
}
