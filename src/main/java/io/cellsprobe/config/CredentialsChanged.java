package io.cellsprobe.config;

/** A CDI event: the password or API secret of a target was rotated. */
public record CredentialsChanged(String target) {
}
