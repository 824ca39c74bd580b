package io.cellsprobe.probe;

import io.cellsprobe.cells.CellsResponse;

/**
 * Checks the user step's answer: 200, JSON, and the record of the login asked for, either Cells'
 * own ({@code Login}) or an OpenID provider's userinfo ({@code preferred_username}).
 */
final class UserAnswer {

    private UserAnswer() {
    }

    static void check(CellsResponse response, String login) {
        checkStatus(response);
        checkRecord(response, login);
    }

    /** Providers may change the case of user names (Keycloak lowercases them). */
    static void checkUserinfo(CellsResponse response, String login) {
        checkStatus(response);
        Object answered = JsonAnswers.object(response, "userinfo endpoint").getValue("preferred_username");
        if (!(answered instanceof String name) || !name.equalsIgnoreCase(login)) {
            throw new StepFailure(FailureReason.LOGIN_MISMATCH, answered == null
                    ? "userinfo has no preferred_username"
                    : "userinfo is for another preferred_username than the monitoring account");
        }
    }

    private static void checkStatus(CellsResponse response) {
        int status = response.status();
        String detail = "user endpoint " + ErrorCodes.answered(response);
        switch (status) {
            case 200 -> {
                // checked by the caller
            }
            case 401, 403 -> throw new StepFailure(FailureReason.UNAUTHORIZED,
                    detail + ": the fresh token is refused (external URL mismatch? token check failing?)");
            case 404 -> throw new StepFailure(FailureReason.USER_NOT_FOUND, detail);
            default -> throw new StepFailure(response.isSuccess() ? FailureReason.BAD_RESPONSE
                    : FailureReason.HTTP_ERROR, detail);
        }
    }

    private static void checkRecord(CellsResponse response, String login) {
        // A 200 HTML page is the classic false OK: Cells' gateway answers its login page for unknown paths.
        Object answeredLogin = JsonAnswers.object(response, "user endpoint").getValue("Login");
        if (!login.equals(answeredLogin)) {
            throw new StepFailure(FailureReason.LOGIN_MISMATCH, answeredLogin == null
                    ? "user answer has no Login field"
                    : "user answer is for another Login than the monitoring account");
        }
    }
}
