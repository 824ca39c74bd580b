package io.cellsprobe.probe;

/** Why a probe failed: a closed set, so the {@code reason} label stays bounded. */
public enum FailureReason {
    /** The host name does not resolve. */
    DNS("dns"),
    /** Connection refused, reset or closed before an answer. */
    CONNECT("connect"),
    /** TLS handshake or certificate failure. */
    TLS("tls"),
    /** The probe's {@code timeout} ran out. */
    TIMEOUT("timeout"),
    /** The token endpoint answered 401: the API key or secret is wrong. */
    CLIENT_REJECTED("client_rejected"),
    /** The token endpoint refused the login (403 access_denied, or invalid_grant). */
    CREDENTIALS_REJECTED("credentials_rejected"),
    /** The login was refused, but Cells cannot serve requests it should accept either: its database or user service is failing, not the password. */
    BACKEND_UNAVAILABLE("backend_unavailable"),
    /** Cells (or the OpenID provider) says the monitoring account is locked or disabled. */
    ACCOUNT_LOCKED("account_locked"),
    /** Any other non-2xx answer. */
    HTTP_ERROR("http_error"),
    /** Not JSON, unparseable, HTML, too large, or the wrong shape. */
    BAD_RESPONSE("bad_response"),
    /** No id_token, a malformed JWT, an expired token, or a nonce mismatch. */
    TOKEN_INVALID("token_invalid"),
    /** The user endpoint answered 401 or 403 to the fresh token. */
    UNAUTHORIZED("unauthorized"),
    /** The user endpoint answered 404. */
    USER_NOT_FOUND("user_not_found"),
    /** The user endpoint answered for another login. */
    LOGIN_MISMATCH("login_mismatch"),
    /** A bug of ours; logged once with its stack trace. */
    INTERNAL("internal");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
