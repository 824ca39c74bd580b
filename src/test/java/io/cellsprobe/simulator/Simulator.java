package io.cellsprobe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@link SimulatedCells} with the dev defaults on a hand-moved clock, and the requests a real
 * client sends to it.
 */
final class Simulator {

    static final String BASE_URL = "http://localhost:8080/simulated-cells";
    static final String ISSUER = BASE_URL + "/auth/dex";
    static final String CLIENT_ID = "cells-front";
    /** Holds + % and : on purpose: it only works form-urlencoded (RFC 6749 2.3.1). */
    static final String CLIENT_SECRET = "dev-secret+with%odd:chars";
    static final String LOGIN = "monitor";
    static final String PASSWORD = "dev-password";
    static final String SCOPE = "email profile pydio";
    static final String NONCE = "n-0S6_WzA2Mj";
    static final Instant START = Instant.parse("2026-05-20T10:00:00Z");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final MutableClock clock = new MutableClock(START);
    final SimulatedCells cells = new SimulatedCells(clock, BASE_URL, CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD);

    /** Basic as a correct client sends it: each part form-urlencoded, then Base64. */
    static String basic(String id, String secret) {
        return rawBasic(URLEncoder.encode(id, StandardCharsets.UTF_8), URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    /** Basic as a naive client sends it: the raw parts, then Base64. */
    static String rawBasic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> passwordGrant(String username, String password) {
        Map<String, String> form = new HashMap<>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        form.put("scope", SCOPE);
        form.put("nonce", NONCE);
        return form;
    }

    SimulatedAnswer token(Map<String, String> form) {
        return cells.token(basic(CLIENT_ID, CLIENT_SECRET), form);
    }

    SimulatedAnswer goodLogin() {
        return token(passwordGrant(LOGIN, PASSWORD));
    }

    SimulatedAnswer wrongPassword() {
        return token(passwordGrant(LOGIN, "not-the-password"));
    }

    /** Logs in and returns the id_token, failing the test if the login does not succeed. */
    String idToken() {
        SimulatedAnswer answer = goodLogin();
        assertThat(answer.status()).as("token status").isEqualTo(200);
        return json(answer).get("id_token").asText();
    }

    SimulatedAnswer user(String idToken) {
        return cells.user("Bearer " + idToken, LOGIN);
    }

    static JsonNode json(SimulatedAnswer answer) {
        return json(answer.body());
    }

    static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
