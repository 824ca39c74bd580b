package io.cellsprobe.simulator;

/**
 * Cells' brute-force guard: after {@value #MAX_FAILED_LOGINS} consecutive wrong passwords the account
 * is blocked, even for the right password, until an administrator unblocks it.
 */
final class AccountLockout {

    static final int MAX_FAILED_LOGINS = 10;

    private int consecutiveFailures;
    private boolean blocked;

    synchronized boolean isBlocked() {
        return blocked;
    }

    /** @return true when this failure is the one that blocks the account */
    synchronized boolean recordFailure() {
        consecutiveFailures++;
        if (!blocked && consecutiveFailures >= MAX_FAILED_LOGINS) {
            blocked = true;
            return true;
        }
        return false;
    }

    synchronized void recordSuccess() {
        consecutiveFailures = 0;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    synchronized void unblock() {
        consecutiveFailures = 0;
        blocked = false;
    }
}
