package io.cellsprobe.probe;

/**
 * Where and why a probe failed. {@code detail} is for people (logs, health data): it holds status
 * codes and OAuth error codes, never a response body, a secret or a token.
 */
public record ProbeFailure(Phase phase, FailureReason reason, String detail) {
}
