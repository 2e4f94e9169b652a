package io.jeeves.governance.execution.module;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a module invocation came to.
 *
 * @param output never null, unmodifiable; empty unless SUCCESS
 * @param errorType null on SUCCESS; {@value #MODULE_FAILURE}, {@value #BUDGET_REFUSED} or the class name
 *        of what the module threw
 * @param error the human message; null on SUCCESS
 */
public record ModuleResult(Status status, Map<String, Object> output, String errorType, String error) {
    /** The error type of a failure the module reported itself. */
    public static final String MODULE_FAILURE = "ModuleFailure";
    /** The error type of a run refused by the budget check before the module ran. */
    public static final String BUDGET_REFUSED = "BudgetRefused";

    public enum Status {
        /** The module did its work. */
        SUCCESS,
        /** The module refused or failed in a way it expected; final. */
        FAILURE,
        /** The module threw; the error is recorded. */
        ERROR
    }

    public ModuleResult {
        Objects.requireNonNull(status, "status");
        output = output == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(output));
        if (status == Status.SUCCESS) {
            errorType = null;
            error = null;
        } else {
            errorType = Objects.requireNonNull(errorType, "errorType");
            error = error == null ? "" : error;
        }
    }

    public static ModuleResult success(Map<String, Object> output) {
        return new ModuleResult(Status.SUCCESS, output, null, null);
    }

    public static ModuleResult failure(String message) {
        return new ModuleResult(Status.FAILURE, Map.of(), MODULE_FAILURE, message);
    }

    /** The ERROR result of a module that threw {@code e}: its class name and message. */
    public static ModuleResult error(Throwable e) {
        return new ModuleResult(Status.ERROR, Map.of(), e.getClass().getName(),
                e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    }

    public boolean isSuccess() {
        return status == Status.SUCCESS;
    }
}
