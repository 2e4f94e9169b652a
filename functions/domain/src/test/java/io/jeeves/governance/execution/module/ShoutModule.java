package io.jeeves.governance.execution.module;

import java.util.Locale;
import java.util.Map;

/** A third-party module for the ServiceLoader test: upper-cases {@code payload.text}. */
public final class ShoutModule implements ExecutionModule {
    @Override
    public String name() {
        return "shout";
    }

    @Override
    public ModuleResult execute(ModuleInput input) {
        return ModuleResult.success(Map.of("text", String.valueOf(input.payload().get("text")).toUpperCase(Locale.ROOT)));
    }
}
