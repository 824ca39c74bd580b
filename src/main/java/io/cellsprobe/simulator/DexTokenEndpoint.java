package io.cellsprobe.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

/**
 * {@code POST <URL>/auth/dex/token} of Cells v1: the order of the checks and the error bodies follow
 * Cells' fork of Dex (client first, then grant type, then username and password, then the account).
 */
final class DexTokenEndpoint {

    private static final Logger LOG = Logger.getLogger(DexTokenEndpoint.class);

    static final int EXPIRES_IN_SECONDS = 599;
    /** Dex's default; expires_in says one second less because it is computed a moment later. */
    static final Duration ID_TOKEN_LIFETIME = Duration.ofSeconds(600);
    /**
     * The description of a wrong password, an unknown user, and of the right password while the
     * database is down: the same bytes on a real Cells v1 (the auth service's error, JSON in a string).
     */
    static final String WRONG_CREDENTIALS = "{\"id\":\"auth\",\"code\":401,\"detail\":\"cannot find username or "
            + "password\",\"status\":\"Unauthorized\"}";
    private static final Duration EXPIRED_TOKEN_AGE = ID_TOKEN_LIFETIME.plusMinutes(1);
    private static final String CONNECTOR_ID = "pydio";
    private static final char[] DEX_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final Clock clock;
    private final String issuer;
    private final SimulatedAccount account;
    private final AccountLockout lockout;
    private final RsaJwtSigner signer;
    private final SecureRandom random = new SecureRandom();

    DexTokenEndpoint(Clock clock, String issuer, SimulatedAccount account, AccountLockout lockout,
            RsaJwtSigner signer) {
        this.clock = clock;
        this.issuer = issuer;
        this.account = account;
        this.lockout = lockout;
        this.signer = signer;
    }

    SimulatedAnswer answer(String authorizationHeader, Map<String, String> form, SimulatedFault fault) {
        if (fault == SimulatedFault.DOWN) {
            return error(500, "server_error", "");
        }
        ClientCredentials client;
        try {
            client = ClientCredentials.of(authorizationHeader, form);
        } catch (ClientCredentials.ImproperlyEncodedException e) {
            return error(400, "invalid_request", e.getMessage());
        }
        if (fault == SimulatedFault.WRONG_CLIENT || !account.isClient(client.id(), client.secret())) {
            return error(401, "invalid_client", "Invalid client credentials.");
        }
        if (!"password".equals(form.get("grant_type"))) {
            return error(400, "invalid_grant", "");
        }
        String username = form.getOrDefault("username", "");
        String password = form.getOrDefault("password", "");
        if (username.isEmpty() || password.isEmpty()) {
            return error(400, "invalid_request", "Invalid request");
        }
        // An unknown user gets the same answer as a wrong password, and does not lock anybody; with the
        // database down no user record can be read, so nobody's count moves either.
        if (fault == SimulatedFault.DATABASE_DOWN || !account.login().equals(username)) {
            return error(403, "access_denied", WRONG_CREDENTIALS);
        }
        if (lockout.isBlocked() || fault == SimulatedFault.ACCOUNT_LOCKED) {
            return error(403, "access_denied", blockedDescription());
        }
        if (fault == SimulatedFault.WRONG_PASSWORD || !account.hasPassword(password)) {
            if (lockout.recordFailure()) {
                LOG.warnf("simulated Cells blocked account %s after %d consecutive wrong passwords",
                        account.login(), AccountLockout.MAX_FAILED_LOGINS);
            }
            return error(403, "access_denied", WRONG_CREDENTIALS);
        }
        lockout.recordSuccess();
        return tokens(form, fault);
    }

    /** The Pydio user service's error, which Dex passes on as the description. */
    private String blockedDescription() {
        Map<String, Object> microError = new LinkedHashMap<>();
        microError.put("id", "user");
        microError.put("code", 401);
        microError.put("detail", "User " + account.login() + " has been blocked. Contact your sysadmin.");
        microError.put("status", "Unauthorized");
        return Json.write(microError);
    }

    private SimulatedAnswer tokens(Map<String, String> form, SimulatedFault fault) {
        String accessToken = newDexId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "bearer");
        body.put("expires_in", fault == SimulatedFault.EXPIRES_IN_STRING
                ? String.valueOf(EXPIRES_IN_SECONDS)
                : EXPIRES_IN_SECONDS);
        body.put("id_token", signer.sign(idTokenClaims(accessToken, form, fault)));
        String json = Json.write(body);
        return SimulatedAnswer.json(200, fault == SimulatedFault.BAD_JSON ? json.substring(0, json.length() / 2) : json);
    }

    /** Claims follow the requested scope as in Dex: without a scope only the core ones. */
    private Map<String, Object> idTokenClaims(String accessToken, Map<String, String> form, SimulatedFault fault) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (fault == SimulatedFault.EXPIRED_TOKEN) {
            issuedAt = issuedAt.minus(EXPIRED_TOKEN_AGE);
        }
        Set<String> scopes = Arrays.stream(form.getOrDefault("scope", "").split(" "))
                .filter(scope -> !scope.isEmpty())
                .collect(Collectors.toSet());
        String nonce = fault == SimulatedFault.NONCE_MISMATCH ? newDexId() : form.getOrDefault("nonce", "");

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject());
        claims.put("aud", account.clientId());
        claims.put("exp", issuedAt.plus(ID_TOKEN_LIFETIME).getEpochSecond());
        claims.put("iat", issuedAt.getEpochSecond());
        if (!nonce.isEmpty()) {
            claims.put("nonce", nonce);
        }
        claims.put("at_hash", accessTokenHash(accessToken));
        if (scopes.contains("email")) {
            claims.put("email_verified", true);
        }
        if (scopes.contains("profile")) {
            claims.put("name", account.login());
        }
        if (scopes.contains("pydio")) {
            claims.put("authsource", CONNECTOR_ID);
            claims.put("displayname", SimulatedAccount.displayNameOf(account.login()));
            claims.put("roles", SimulatedAccount.ROOT_GROUP + "," + SimulatedAccount.uuidOf(account.login()));
            claims.put("grouppath", "/");
            claims.put("profile", "standard");
        }
        return claims;
    }

    /** Dex's subject: base64url of the protobuf {user_id: 1, conn_id: 2}. */
    private String subject() {
        ByteArrayOutputStream protobuf = new ByteArrayOutputStream();
        writeProtobufString(protobuf, 1, SimulatedAccount.uuidOf(account.login()).toString());
        writeProtobufString(protobuf, 2, CONNECTOR_ID);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(protobuf.toByteArray());
    }

    private static void writeProtobufString(ByteArrayOutputStream out, int field, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(field << 3 | 2); // wire type 2: length-delimited
        out.write(bytes.length); // every value here is shorter than 128 bytes: a one-byte varint
        out.writeBytes(bytes);
    }

    /** OpenID Connect at_hash: base64url of the left half of SHA-256 of the access token. */
    static String accessTokenHash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /** Shaped like Dex's storage.NewID(): 16 random bytes in lower-case base32, no padding. */
    private String newDexId() {
        char[] id = new char[26];
        for (int i = 0; i < id.length; i++) {
            id[i] = DEX_ID_ALPHABET[random.nextInt(DEX_ID_ALPHABET.length)];
        }
        return new String(id);
    }

    /** Dex leaves error_description out when it is empty. */
    private static SimulatedAnswer error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (!description.isEmpty()) {
            body.put("error_description", description);
        }
        return SimulatedAnswer.json(status, Json.write(body));
    }
}
