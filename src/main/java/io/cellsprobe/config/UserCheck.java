package io.cellsprobe.config;

/** What the last step reads with the Bearer to prove the login works. */
public enum UserCheck {
    /** Cells' own {@code GET <user-path>}: JSON whose {@code Login} is the username. */
    CELLS,
    /** The OpenID provider's userinfo endpoint: {@code preferred_username} is the username. */
    USERINFO
}
