package io.cellsprobe.probe;

import io.cellsprobe.cells.CellsResponse;
import io.vertx.core.json.JsonObject;

/** Checks the user endpoint's answer: 200, JSON, and the record of the login asked for. */
final class UserAnswer {

    private UserAnswer() {
    }

    static void check(CellsResponse response, String login) {
        int status = response.status();
        String detail = "user endpoint " + ErrorCodes.answered(response);
        switch (status) {
            case 200 -> checkRecord(response, login);
            case 401, 403 -> throw new StepFailure(FailureReason.UNAUTHORIZED,
                    detail + ": the fresh token is refused (external URL mismatch? token check failing?)");
            case 404 -> throw new StepFailure(FailureReason.USER_NOT_FOUND, detail);
            default -> throw new StepFailure(status >= 200 && status < 300 ? FailureReason.BAD_RESPONSE
                    : FailureReason.HTTP_ERROR, detail);
        }
    }

    private static void checkRecord(CellsResponse response, String login) {
        // A 200 HTML page is the classic false OK: Cells' gateway answers its login page for unknown paths.
        if (!response.isJson()) {
            throw new StepFailure(FailureReason.BAD_RESPONSE, "user endpoint " + ErrorCodes.answered(response)
                    + ", not JSON: the web login page or a proxy is answering (check user-path)");
        }
        Object answeredLogin;
        try {
            answeredLogin = new JsonObject(response.bodyText()).getValue("Login");
        } catch (RuntimeException e) {
            throw new StepFailure(FailureReason.BAD_RESPONSE, "user answer is not a JSON object");
        }
        if (!login.equals(answeredLogin)) {
            throw new StepFailure(FailureReason.LOGIN_MISMATCH, answeredLogin == null
                    ? "user answer has no Login field"
                    : "user answer is for another Login than the monitoring account");
        }
    }
}
