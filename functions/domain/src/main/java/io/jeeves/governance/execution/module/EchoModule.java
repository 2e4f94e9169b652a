package io.jeeves.governance.execution.module;

/** {@code echo}: succeeds with the directive's payload as its output. */
final class EchoModule implements ExecutionModule {
    @Override
    public String name() {
        return "echo";
    }

    @Override
    public ModuleResult execute(ModuleInput input) {
        return ModuleResult.success(input.payload());
    }
}
