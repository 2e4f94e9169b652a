package io.jeeves.governance.execution.module;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The SPI of execution modules: what a directive of a given type does when it executes.
 *
 * <p>Capability authors add a module by implementing this interface in a public class with a public
 * no-argument constructor and naming that class in a file
 * {@code META-INF/services/io.jeeves.governance.execution.module.ExecutionModule} on the classpath;
 * {@link ModuleRegistry#discover(ClassLoader)} finds it with {@link java.util.ServiceLoader}.
 *
 * <p>A module is invoked through {@code IdempotentModuleRunner}, at most once per idempotency key while the
 * stored result lives. It reports an expected, final failure as {@link ModuleResult#failure}. Throwing is an
 * ERROR, recorded and final too, except for {@link io.jeeves.error.UnavailableException} and
 * {@link io.jeeves.error.ResourceExhaustedException}, which mean "try again later" and are retried.
 */
public interface ExecutionModule {

    /** The directive type this module serves: {@link ModuleRegistry#checkName lowercase letters, digits, _}. */
    String name();

    ModuleResult execute(ModuleInput input);

    /**
     * Checks a directive's payload before anything runs, so a bad payload is refused when the directive is
     * created (INVALID_ARGUMENT naming the field, e.g. {@code payload.mode}). Accepts everything by default.
     */
    default void validate(Map<String, Object> payload) {
    }

    /** A module made of a name and a function; it accepts every payload. */
    static ExecutionModule of(String name, Function<ModuleInput, ModuleResult> execute) {
        Objects.requireNonNull(execute, "execute");
        return new ExecutionModule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ModuleResult execute(ModuleInput input) {
                return execute.apply(input);
            }
        };
    }
}
