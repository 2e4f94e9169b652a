package io.jeeves.asl;

import java.util.Objects;

/**
 * A failure inside an execution, named as the States language names it: an error name
 * ({@code States.Timeout}, or a task's own error such as {@code CustomError}) and a cause. It is what
 * {@code Retry} and {@code Catch} match, and what a failed execution reports.
 */
public class AslError extends RuntimeException {
    private final String error;
    private final String causeText;

    public AslError(String error, String cause) {
        super(error + ": " + cause);
        this.error = Objects.requireNonNull(error, "error");
        this.causeText = cause == null ? "" : cause;
    }

    /** The error name, e.g. {@code States.ParameterPathFailure}. */
    public String error() {
        return error;
    }

    /** The cause text (for task errors often a JSON document). */
    public String cause() {
        return causeText;
    }

    public static AslError runtime(String cause) {
        return new AslError(StatesError.RUNTIME, cause);
    }

    public static AslError intrinsic(String cause) {
        return new AslError(StatesError.INTRINSIC_FAILURE, cause);
    }
}
