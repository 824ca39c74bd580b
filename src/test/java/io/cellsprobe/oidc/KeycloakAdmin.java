package io.cellsprobe.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sets up, through Keycloak's admin REST API, what the monitor logs in with: realm, confidential
 * client with the password grant, and a user. Idempotent, so a Keycloak kept running between test
 * runs is provisioned again without harm.
 */
final class KeycloakAdmin {

    /** Stated rather than left to Keycloak's default: the monitor's token lifetime gauge is checked against it. */
    static final double ACCESS_TOKEN_LIFESPAN_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalKeycloak keycloak;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KeycloakAdmin(LocalKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    void provision() throws IOException, InterruptedException {
        String token = adminToken();
        // No brute-force detection (also Keycloak's default; stated because the wrong-password test
        // relies on it): the monitor's own suspension is what keeps the account usable.
        Map<String, Object> realm = Map.of("realm", keycloak.realm, "enabled", true, "bruteForceProtected", false,
                "accessTokenLifespan", (int) ACCESS_TOKEN_LIFESPAN_SECONDS);
        HttpResponse<String> created = send(token, "POST", "/admin/realms", realm);
        if (created.statusCode() == 409) {
            // Left from an earlier run against the same Keycloak: bring it to this state.
            expect(send(token, "PUT", "/admin/realms/" + keycloak.realm, realm), 204);
        } else {
            expect(created, 201);
        }

        Map<String, Object> client = Map.of(
                "clientId", keycloak.clientId,
                "enabled", true,
                "protocol", "openid-connect",
                "publicClient", false,
                "clientAuthenticatorType", "client-secret",
                "secret", keycloak.clientSecret,
                "directAccessGrantsEnabled", true,
                "standardFlowEnabled", false);
        // Without first name, last name and a verified email the password grant answers
        // "Account is not fully set up" (Keycloak's user profile requires them).
        Map<String, Object> user = Map.of(
                "username", keycloak.username,
                "enabled", true,
                "firstName", "Cells",
                "lastName", "Monitor",
                "email", keycloak.username + "@example.org",
                "emailVerified", true,
                "requiredActions", List.of(),
                "credentials", List.of(Map.of("type", "password", "value", keycloak.password, "temporary", false)));
        expect(send(token, "POST", "/admin/realms/" + keycloak.realm + "/partialImport",
                Map.of("ifResourceExists", "OVERWRITE", "clients", List.of(client), "users", List.of(user))), 200);
    }

    private String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(keycloak.baseUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", keycloak.adminUsername, "password", keycloak.adminPassword))))
                .build(), HttpResponse.BodyHandlers.ofString());
        expect(response, 200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private HttpResponse<String> send(String token, String method, String path, Object body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException("Keycloak admin API: " + response.request().method() + " "
                + response.request().uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }
}
