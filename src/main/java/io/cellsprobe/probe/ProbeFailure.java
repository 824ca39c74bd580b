package io.cellsprobe.probe;

/**
 * Where and why a probe failed. {@code detail} is for people (logs, health data): it holds status
 * codes and OAuth error codes, never a response body, a secret or a token.
 *
 * @param loginRefused this probe sent the password and the login was refused: one more failed login
 *                     that Cells may count toward locking the account
 */
public record ProbeFailure(Phase phase, FailureReason reason, String detail, boolean loginRefused) {
}
