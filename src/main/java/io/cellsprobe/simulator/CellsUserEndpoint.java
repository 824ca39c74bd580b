package io.cellsprobe.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code GET <URL>/a/user/{login}} of Cells v1, behind the gateway's Bearer check. */
final class CellsUserEndpoint {

    static final String UNAUTHORIZED = "Unauthorized.";
    static final String SERVICE_UNAVAILABLE = "Service unavailable.";
    /** Whose record a {@link SimulatedFault#LOGIN_MISMATCH} answers with. */
    static final String OTHER_LOGIN = "admin";
    /** What the gateway serves for any path it does not route: the web client's start page. */
    static final String LOGIN_PAGE = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head><meta charset="utf-8"/><title>Pydio Cells</title></head>
            <body class="react-mui-context"><div id="ajxp_desktop"></div></body>
            </html>
            """;
    private static final String BEARER_PREFIX = "bearer ";

    private final Clock clock;
    private final String issuer;
    private final SimulatedAccount account;
    private final RsaJwtSigner signer;
    private final long lastUpdated;

    CellsUserEndpoint(Clock clock, String issuer, SimulatedAccount account, RsaJwtSigner signer) {
        this.clock = clock;
        this.issuer = issuer;
        this.account = account;
        this.signer = signer;
        this.lastUpdated = clock.instant().getEpochSecond();
    }

    /** @param accountBlocked the account is blocked: Cells refuses its tokens too */
    SimulatedAnswer answer(String authorizationHeader, String login, SimulatedFault fault, boolean accountBlocked) {
        if (fault == SimulatedFault.DATABASE_DOWN) {
            return SimulatedAnswer.text(401, UNAUTHORIZED);
        }
        if (fault == SimulatedFault.UNAVAILABLE) {
            return SimulatedAnswer.text(503, SERVICE_UNAVAILABLE);
        }
        if (fault == SimulatedFault.HTML) {
            return SimulatedAnswer.html(200, LOGIN_PAGE);
        }
        if (fault == SimulatedFault.EXTERNAL_URL_MISMATCH || fault == SimulatedFault.ACCOUNT_LOCKED || accountBlocked
                || !carriesValidIdToken(authorizationHeader)) {
            return SimulatedAnswer.text(401, UNAUTHORIZED);
        }
        if (fault == SimulatedFault.USER_NOT_FOUND || !account.login().equals(login)) {
            return notFound(login);
        }
        return SimulatedAnswer.json(200, Json.write(
                userRecord(fault == SimulatedFault.LOGIN_MISMATCH ? OTHER_LOGIN : login)));
    }

    /** An id_token of ours for our client, checked for expiry with zero leeway like Cells does. */
    private boolean carriesValidIdToken(String authorizationHeader) {
        if (authorizationHeader == null
                || !authorizationHeader.toLowerCase(Locale.ROOT).startsWith(BEARER_PREFIX)) {
            return false;
        }
        return signer.verifiedClaims(authorizationHeader.substring(BEARER_PREFIX.length()).trim())
                .filter(claims -> issuer.equals(claims.get("iss")))
                .filter(claims -> account.clientId().equals(claims.get("aud")))
                .filter(claims -> claims.get("exp") instanceof Number exp
                        && !clock.instant().isAfter(Instant.ofEpochSecond(exp.longValue())))
                .isPresent();
    }

    private static SimulatedAnswer notFound(String login) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Title", "cannot find user with login " + login);
        body.put("Detail", "Not Found: cannot find user with login " + login);
        return SimulatedAnswer.json(404, Json.write(body));
    }

    /** Protobuf JSON as Cells writes it: proto field names, zero values left out. */
    private Map<String, Object> userRecord(String login) {
        String uuid = SimulatedAccount.uuidOf(login).toString();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("Uuid", uuid);
        user.put("GroupPath", "/");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("profile", "standard");
        attributes.put("displayName", SimulatedAccount.displayNameOf(login));
        user.put("Attributes", attributes);
        user.put("Roles", List.of(
                role(SimulatedAccount.ROOT_GROUP, "Root Group", "GroupRole"),
                role(uuid, "User " + login, "UserRole")));
        user.put("Login", login);
        user.put("Policies", List.of(
                policy("1", uuid, "READ", "profile:standard"),
                policy("2", uuid, "WRITE", "user:" + login)));
        user.put("PoliciesContextEditable", true);
        return user;
    }

    private Map<String, Object> role(String uuid, String label, String kindFlag) {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("Uuid", uuid);
        role.put("Label", label);
        role.put(kindFlag, true);
        role.put("LastUpdated", lastUpdated);
        return role;
    }

    private static Map<String, Object> policy(String id, String resource, String action, String subject) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("id", id);
        policy.put("Resource", resource);
        policy.put("Action", action);
        policy.put("Subject", subject);
        policy.put("Effect", "allow");
        return policy;
    }
}
