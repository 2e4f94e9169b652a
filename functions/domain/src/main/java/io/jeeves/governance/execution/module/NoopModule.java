package io.jeeves.governance.execution.module;

import java.util.Map;

/** {@code noop}: does nothing and succeeds with an empty output. */
final class NoopModule implements ExecutionModule {
    @Override
    public String name() {
        return "noop";
    }

    @Override
    public ModuleResult execute(ModuleInput input) {
        return ModuleResult.success(Map.of());
    }
}
