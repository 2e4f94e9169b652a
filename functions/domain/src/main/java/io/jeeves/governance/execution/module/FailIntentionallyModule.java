package io.jeeves.governance.execution.module;

import io.jeeves.error.JeevesException;
import java.util.Map;

/**
 * {@code fail_intentionally}: fails on purpose, to exercise the failure paths. {@code {"mode": "failure"}}
 * returns a FAILURE result; {@code {"mode": "error"}} throws (an ERROR). Any other mode is refused.
 */
final class FailIntentionallyModule implements ExecutionModule {
    static final String FIELD = "payload.mode";

    @Override
    public String name() {
        return "fail_intentionally";
    }

    @Override
    public void validate(Map<String, Object> payload) {
        mode(payload);
    }

    @Override
    public ModuleResult execute(ModuleInput input) {
        if (mode(input.payload()).equals("failure")) {
            return ModuleResult.failure("fail_intentionally: failure requested");
        }
        throw new IllegalStateException("fail_intentionally: error requested");
    }

    private static String mode(Map<String, Object> payload) {
        Object mode = payload == null ? null : payload.get("mode");
        if ("failure".equals(mode) || "error".equals(mode)) {
            return (String) mode;
        }
        throw JeevesException.invalidArgument(FIELD, FIELD + " must be \"failure\" or \"error\", not " + mode);
    }
}
