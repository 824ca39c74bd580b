package io.cellsprobe.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.UUID;

/** The one static client and the one user the simulated Cells knows. */
record SimulatedAccount(String clientId, String clientSecret, String login, String password) {

    /** The role of Cells' root group, which every user belongs to. */
    static final String ROOT_GROUP = "ROOT_GROUP";

    boolean isClient(String id, String secret) {
        return clientId.equals(id) && sameSecret(clientSecret, secret);
    }

    boolean hasPassword(String candidate) {
        return sameSecret(password, candidate);
    }

    /** Stable across restarts, so a newcomer sees the same Uuid in every answer. */
    static UUID uuidOf(String login) {
        return UUID.nameUUIDFromBytes(("cells-user:" + login).getBytes(StandardCharsets.UTF_8));
    }

    static String displayNameOf(String login) {
        return login.isEmpty() ? login : login.substring(0, 1).toUpperCase(Locale.ROOT) + login.substring(1);
    }

    /** Never print the secret or the password, even in a debugger or an assertion message. */
    @Override
    public String toString() {
        return "SimulatedAccount[clientId=" + clientId + ", login=" + login + "]";
    }

    private static boolean sameSecret(String expected, String candidate) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }
}
