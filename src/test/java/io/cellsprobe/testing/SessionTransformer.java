package io.cellsprobe.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * WireMock extension answering Cells v2+'s {@code POST /a/frontend/session} like Cells does: a new
 * opaque access token per login, issued at the server's clock and living
 * {@link #ACCESS_TOKEN_LIFETIME_SECONDS}, with an IDToken living an hour (seen on v2.2.7). Applies
 * only to stubs answering {@link #issue}.
 */
final class SessionTransformer extends StubTransformer {

    static final String NAME = "cells-session";
    static final long ACCESS_TOKEN_LIFETIME_SECONDS = 600;
    private static final long ID_TOKEN_LIFETIME_SECONDS = 3600;
    private static final String LOGIN = "login";
    private static final String ISSUER = "issuer";

    private final Clock clock;
    private final BiConsumer<String, Instant> issued;

    /** Issues at {@code clock}; hands every access token it answers, with its expiry, to {@code issued}. */
    SessionTransformer(Clock clock, BiConsumer<String, Instant> issued) {
        super(NAME);
        this.clock = clock;
        this.issued = issued;
    }

    /** A 200 session answer with a new access token for {@code login}, its IDToken from {@code issuer}. */
    static ResponseDefinitionBuilder issue(String login, String issuer) {
        // the body is the transformer's
        return CellsAnswers.json(200, "").withTransformers(NAME).withTransformerParameter(LOGIN, login)
                .withTransformerParameter(ISSUER, issuer);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Parameters parameters = event.getTransformerParameters();
        Instant now = clock.instant();
        // Hydra's opaque format; random, so each issued token is a distinctive string to look for in outputs
        String accessToken = "ory_at_" + random() + "." + random();
        Instant expiresAt = now.plusSeconds(ACCESS_TOKEN_LIFETIME_SECONDS);
        String idToken = TestJwt.issuedAt(now, parameters.getString(LOGIN)).claim("iss", parameters.getString(ISSUER))
                .expiresAt(now.plusSeconds(ID_TOKEN_LIFETIME_SECONDS)).encode();
        issued.accept(accessToken, expiresAt);
        return ResponseDefinitionBuilder.like(event.getResponseDefinition())
                .but()
                .withBody(CellsAnswers.sessionJson(accessToken, idToken, expiresAt))
                .build();
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
