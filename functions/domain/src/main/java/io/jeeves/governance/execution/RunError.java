package io.jeeves.governance.execution;

import io.jeeves.error.JeevesException;

/**
 * Why a run failed: a type that can be matched (an exception class name, {@code ModuleFailure},
 * {@code BudgetRefused}) and a human message. Messages from modules are cut to {@link #MAX_MESSAGE}
 * characters rather than refused: a failure must always be recordable.
 */
public record RunError(String type, String message) {
    public static final int MAX_MESSAGE = 4096;

    public RunError {
        if (type == null || type.isBlank()) {
            throw JeevesException.invalidArgument("error.type", "error.type is required");
        }
        message = message == null ? "" : message;
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE);
        }
    }
}
