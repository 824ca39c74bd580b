package io.cellsprobe.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signs and verifies compact RS256 JWTs with a key pair made at start, as Dex does with its rotating
 * signing key. Plain java.security: the simulator must not share a JWT library with the probe.
 */
final class RsaJwtSigner {

    private static final String ALGORITHM = "RS256";
    private static final String JCA_ALGORITHM = "SHA256withRSA";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final KeyPair keyPair;
    private final String keyId;

    RsaJwtSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keyPair = generator.generateKeyPair();
            keyId = keyIdOf(keyPair);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is mandatory in every JRE", e);
        }
    }

    String sign(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", ALGORITHM);
        header.put("kid", keyId);
        String signingInput = encode(Json.write(header)) + "." + encode(Json.write(claims));
        try {
            Signature signature = Signature.getInstance(JCA_ALGORITHM);
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a freshly generated RSA key", e);
        }
    }

    /** @return the claims when the token is an RS256 JWT signed by this key, else empty */
    Optional<Map<String, Object>> verifiedClaims(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Map<String, Object> header = Json.readObject(BASE64URL_DECODER.decode(parts[0]));
            if (!ALGORITHM.equals(header.get("alg")) || !keyId.equals(header.get("kid"))) {
                return Optional.empty();
            }
            Signature signature = Signature.getInstance(JCA_ALGORITHM);
            signature.initVerify(keyPair.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(BASE64URL_DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            return Optional.of(Json.readObject(BASE64URL_DECODER.decode(parts[1])));
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    String keyId() {
        return keyId;
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** 40 hex digits derived from the public key, shaped like the key ids Dex publishes. */
    private static String keyIdOf(KeyPair keyPair) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyPair.getPublic().getEncoded());
        return HexFormat.of().formatHex(Arrays.copyOf(digest, 20));
    }
}
