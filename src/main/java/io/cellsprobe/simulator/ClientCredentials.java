package io.cellsprobe.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The client id and secret of a token request, read the way Cells' Dex reads them. */
record ClientCredentials(String id, String secret) {

    private static final String BASIC_PREFIX = "basic ";

    /**
     * HTTP Basic wins when present and well formed (Go's {@code Request.BasicAuth}); its user and
     * password are then form-url-decoded (RFC 6749 2.3.1). Otherwise the {@code client_id} and
     * {@code client_secret} form fields are used.
     *
     * @throws ImproperlyEncodedException when a Basic part is not valid form-url-encoding
     */
    static ClientCredentials of(String authorizationHeader, Map<String, String> form) {
        return undecodedBasic(authorizationHeader)
                .map(basic -> new ClientCredentials(formDecode(basic.id(), "client_id"),
                        formDecode(basic.secret(), "client_secret")))
                .orElseGet(() -> new ClientCredentials(form.getOrDefault("client_id", ""),
                        form.getOrDefault("client_secret", "")));
    }

    /** Empty when the header is not a decodable Basic holding a colon, as Go's parser decides. */
    private static Optional<ClientCredentials> undecodedBasic(String authorizationHeader) {
        if (authorizationHeader == null
                || !authorizationHeader.toLowerCase(Locale.ROOT).startsWith(BASIC_PREFIX)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorizationHeader.substring(BASIC_PREFIX.length())),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0
                    ? Optional.empty()
                    : Optional.of(new ClientCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static String formDecode(String value, String field) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ImproperlyEncodedException(field + " improperly encoded");
        }
    }

    /** Dex answers this with 400 invalid_request, before looking at the client at all. */
    static final class ImproperlyEncodedException extends RuntimeException {
        ImproperlyEncodedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The secret must not leak through a log line or an assertion message. */
    @Override
    public String toString() {
        return "ClientCredentials[id=" + id + "]";
    }
}
