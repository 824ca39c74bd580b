package io.cellsprobe.probe;

/**
 * A refused login not yet followed by a success: the next run looks at the evidence (the last
 * token, Cells' anonymous bootconf) before it sends the password again.
 *
 * @param reason what the refusal was judged to be: credentials_rejected, backend_unavailable or account_locked
 * @param phase the login step that was refused: token or session
 */
public record Refusal(FailureReason reason, Phase phase) {
}
