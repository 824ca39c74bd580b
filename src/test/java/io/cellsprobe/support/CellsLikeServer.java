package io.cellsprobe.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestJwt;
import io.vertx.core.json.JsonObject;

/**
 * A Cells-like server on 127.0.0.1: WireMock answering the token and user endpoints the way Cells v1
 * does (see docs/cells-api.md), with a switch for each way Cells breaks.
 */
public final class CellsLikeServer {

    public static final String API_KEY = "cells-front";
    public static final String API_SECRET = "api-secret+with%odd:chars-5b1e";
    public static final String USERNAME = "monitor";
    public static final String PASSWORD = "monitor-password-c0ffee";

    /** The ways a Cells login path breaks, each answered as a real Cells (or its proxy) would. */
    public enum Breakage {
        CREDENTIALS_REJECTED, CLIENT_REJECTED, SERVER_ERROR, CONNECTION_RESET, TOKEN_HTML, USER_HTML,
        TOKEN_WITHOUT_ID_TOKEN, EXPIRED_TOKEN, USER_UNAUTHORIZED, USER_NOT_FOUND, LOGIN_MISMATCH, USER_UNAVAILABLE,
        SLOW_TOKEN,
        /** Cells' database down: the right password refused like a wrong one, every /a/ call refused. */
        DATABASE_DOWN
    }

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final List<String> issuedTokens = new ArrayList<>();
    private final List<String> issuedIdTokens = new ArrayList<>();

    public CellsLikeServer start() {
        server.start();
        heal();
        return this;
    }

    public void stop() {
        server.stop();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Every id_token and access_token handed out so far, to search outputs for leaks. */
    public synchronized List<String> issuedTokens() {
        return List.copyOf(issuedTokens);
    }

    /** Answers like a healthy Cells v1. */
    public synchronized void heal() {
        server.resetMappings();
        String idToken = newIdToken(Instant.now().plusSeconds(3600));
        String accessToken = "access-" + UUID.randomUUID();
        issuedTokens.add(idToken);
        issuedTokens.add(accessToken);
        server.stubFor(post(urlPathEqualTo("/auth/dex/token"))
                .withBasicAuth(formEncode(API_KEY), formEncode(API_SECRET))
                .willReturn(okJson(new JsonObject(CellsAnswers.tokenJson(idToken, 599))
                        .put("access_token", accessToken).encode())));
        issuedIdTokens.add(idToken);
        // Like Cells, every unexpired id_token it issued stays good, not only the latest.
        for (String issued : issuedIdTokens) {
            server.stubFor(get(urlPathEqualTo("/a/user/" + USERNAME))
                    .withHeader("Authorization", equalTo("Bearer " + issued))
                    .willReturn(CellsAnswers.user(USERNAME)));
        }
        server.stubFor(get(urlPathEqualTo(CellsAnswers.BOOTCONF_PATH)).willReturn(CellsAnswers.bootconf()));
    }

    public synchronized void breakWith(Breakage breakage) {
        heal();
        switch (breakage) {
            case CREDENTIALS_REJECTED -> token(CellsAnswers.oauthError(403, "access_denied"));
            case CLIENT_REJECTED -> token(CellsAnswers.oauthError(401, "invalid_client"));
            case SERVER_ERROR -> token(CellsAnswers.oauthError(500, "server_error"));
            case CONNECTION_RESET -> token(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            case TOKEN_HTML -> token(CellsAnswers.loginPage());
            case USER_HTML -> user(CellsAnswers.loginPage());
            case TOKEN_WITHOUT_ID_TOKEN -> token(CellsAnswers.token(null, 599));
            case EXPIRED_TOKEN -> {
                String expired = newIdToken(Instant.now().minusSeconds(60));
                issuedTokens.add(expired);
                token(CellsAnswers.token(expired, "599"));
            }
            case USER_UNAUTHORIZED -> user(CellsAnswers.unauthorized());
            case USER_NOT_FOUND -> user(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                    .withBody("{\"Title\":\"cannot find user with login monitor\",\"Detail\":\"Not Found\"}"));
            case LOGIN_MISMATCH -> user(okJson("{\"Login\":\"someone-else\"}"));
            case USER_UNAVAILABLE -> user(aResponse().withStatus(503).withHeader("Content-Type", "text/plain")
                    .withBody("Service unavailable."));
            case SLOW_TOKEN -> token(aResponse().withFixedDelay(5_000).withStatus(500));
            case DATABASE_DOWN -> {
                token(CellsAnswers.v1LoginRefused());
                user(CellsAnswers.unauthorized());
                server.stubFor(get(urlPathEqualTo(CellsAnswers.BOOTCONF_PATH)).atPriority(1)
                        .willReturn(CellsAnswers.unauthorized()));
            }
        }
    }

    private void token(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        server.stubFor(post(urlPathEqualTo("/auth/dex/token")).atPriority(1).willReturn(answer));
    }

    private void user(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        server.stubFor(get(urlPathEqualTo("/a/user/" + USERNAME)).atPriority(1).willReturn(answer));
    }

    private static String newIdToken(Instant expiresAt) {
        return TestJwt.issuedAt(Instant.now(), USERNAME).claim("aud", API_KEY).expiresAt(expiresAt).encode();
    }

    private static String formEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
