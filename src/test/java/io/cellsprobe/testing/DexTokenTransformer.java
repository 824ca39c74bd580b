package io.cellsprobe.testing;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * WireMock extension answering a token request like Dex does: it echoes the request's form
 * {@code nonce} in the id_token. The probe makes a fresh nonce per run, so only a server-side
 * transformer can answer with the right one. Used by stubs through {@link #answer} (claims fixed by
 * the test) or {@link #issue} (a fresh token per login, issued at the server's clock, as Dex does);
 * applies to no other stub.
 */
public final class DexTokenTransformer extends StubTransformer {

    public static final String NAME = "dex-token-echoing-nonce";
    private static final String CLAIMS = "claims";
    private static final String LOGIN = "login";
    private static final String AUDIENCE = "audience";
    private static final String EXPIRES_IN = "expires_in";

    private final Clock clock;
    private final Consumer<String> issued;

    /** Issues fresh tokens at {@code clock}; hands every id_token it answers to {@code issued}. */
    public DexTokenTransformer(Clock clock, Consumer<String> issued) {
        super(NAME);
        this.clock = clock;
        this.issued = issued;
    }

    /** A 200 token answer whose id_token has these claims plus the nonce the probe sent. */
    public static ResponseDefinitionBuilder answer(TestJwt jwt, Object expiresIn) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withTransformers(NAME)
                .withTransformerParameter(CLAIMS, jwt.claims())
                .withTransformerParameter(EXPIRES_IN, expiresIn);
    }

    /**
     * A 200 token answer with a new id_token for {@code login} per request: issued when asked, living
     * {@link TestJwt#LIFETIME_SECONDS}, for the client {@code audience}, with the nonce the probe sent.
     */
    public static ResponseDefinitionBuilder issue(String login, String audience, Object expiresIn) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withTransformers(NAME)
                .withTransformerParameter(LOGIN, login)
                .withTransformerParameter(AUDIENCE, audience)
                .withTransformerParameter(EXPIRES_IN, expiresIn);
    }

    @Override
    @SuppressWarnings("unchecked")
    public ResponseDefinition transform(ServeEvent event) {
        Parameters parameters = event.getTransformerParameters();
        Map<String, Object> claims = parameters.containsKey(CLAIMS)
                ? new LinkedHashMap<>((Map<String, Object>) parameters.get(CLAIMS))
                : TestJwt.issuedAt(clock.instant(), parameters.getString(LOGIN))
                        .claim("aud", parameters.getString(AUDIENCE)).claims();
        String nonce = FormData.parse(event.getRequest().getBodyAsString()).get("nonce");
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        String idToken = TestJwt.encode(claims);
        issued.accept(idToken);
        return ResponseDefinitionBuilder.like(event.getResponseDefinition())
                .but()
                .withBody(CellsAnswers.tokenJson(idToken, parameters.get(EXPIRES_IN)))
                .build();
    }
}
