package io.cellsprobe.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * Builds id_tokens shaped like the ones Dex issues (RS256 header with a kid, the claims of scope
 * "email profile pydio"). The signature is plausible base64url but not real: the probe never
 * verifies it, Cells does.
 */
public final class TestJwt {

    public static final String HEADER_JSON = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";
    /** Dex's default: the id_token lives 600 s while {@code expires_in} says 599. */
    public static final long LIFETIME_SECONDS = 600;

    private final Map<String, Object> claims = new LinkedHashMap<>();

    private TestJwt() {
    }

    /** A token for {@code login} issued at {@code iat}, expiring {@link #LIFETIME_SECONDS} later, without nonce. */
    public static TestJwt issuedAt(Instant iat, String login) {
        TestJwt jwt = new TestJwt();
        jwt.claims.put("iss", "https://cells.example/auth/dex");
        jwt.claims.put("sub", "CiQ" + UUID.randomUUID());
        jwt.claims.put("aud", TestTargets.API_KEY);
        jwt.claims.put("exp", iat.getEpochSecond() + LIFETIME_SECONDS);
        jwt.claims.put("iat", iat.getEpochSecond());
        // Unique per token, so each issued token is a distinctive string to look for in outputs.
        jwt.claims.put("at_hash", UUID.randomUUID().toString().replace("-", ""));
        jwt.claims.put("email_verified", false);
        jwt.claims.put("name", login);
        jwt.claims.put("authsource", "pydio");
        jwt.claims.put("displayname", "Monitoring account");
        jwt.claims.put("profile", "standard");
        return jwt;
    }

    public TestJwt nonce(String nonce) {
        return claim("nonce", nonce);
    }

    public TestJwt expiresAt(Instant exp) {
        return claim("exp", exp.getEpochSecond());
    }

    public TestJwt claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public TestJwt without(String name) {
        claims.remove(name);
        return this;
    }

    /** A copy of the claims, e.g. to hand to {@link DexTokenTransformer}. */
    public Map<String, Object> claims() {
        return new LinkedHashMap<>(claims);
    }

    public String encode() {
        return encode(claims);
    }

    public static String encode(Map<String, Object> claims) {
        return segment(HEADER_JSON) + "." + segment(new JsonObject(claims).encode()) + "."
                + "c2lnbmVkLWJ5LXRoZS10ZXN0LW5vdC1ieS1kZXgtXzAxMjM0NTY3ODk";
    }

    /** The decoded payload of a compact JWT, read independently of the probe's decoder. */
    public static JsonObject payload(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    /** base64url without padding, as in a compact JWS. */
    public static String segment(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
