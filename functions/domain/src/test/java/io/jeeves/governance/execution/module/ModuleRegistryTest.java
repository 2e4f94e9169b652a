package io.jeeves.governance.execution.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.JeevesException;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ModuleRegistryTest {
    private final ModuleRegistry registry = ModuleRegistry.withBuiltins();

    private static ModuleInput input(String type, Map<String, Object> payload) {
        return new ModuleInput("dir-1", "run-1", type, payload, BigDecimal.TEN);
    }

    private ModuleResult run(String type, Map<String, Object> payload) {
        return registry.lookup(type).execute(input(type, payload));
    }

    @Test
    void theBuiltInsAreRegistered() {
        assertThat(registry.names()).containsExactly("echo", "fail_intentionally", "noop");
        assertThat(new ModuleRegistry().names()).isEmpty();
    }

    @Test
    void noopSucceedsWithNothingAndEchoReturnsThePayload() {
        assertThat(run("noop", Map.of("ignored", 1))).isEqualTo(ModuleResult.success(Map.of()));
        Map<String, Object> payload = new HashMap<>();
        payload.put("text", "hello");
        payload.put("none", null);
        ModuleResult echoed = run("echo", payload);
        assertThat(echoed.status()).isEqualTo(ModuleResult.Status.SUCCESS);
        assertThat(echoed.output()).isEqualTo(payload);
        assertThat(echoed.error()).isNull();
    }

    @Test
    void failIntentionallyFailsOrThrowsAsAsked() {
        ModuleResult failure = run("fail_intentionally", Map.of("mode", "failure"));
        assertThat(failure.status()).isEqualTo(ModuleResult.Status.FAILURE);
        assertThat(failure.errorType()).isEqualTo(ModuleResult.MODULE_FAILURE);
        assertThat(failure.error()).contains("failure requested");
        assertThat(failure.output()).isEmpty();

        assertThatThrownBy(() -> run("fail_intentionally", Map.of("mode", "error")))
                .isInstanceOf(RuntimeException.class).isNotInstanceOf(JeevesException.class)
                .hasMessageContaining("error requested");
    }

    @Test
    void failIntentionallyRefusesAMissingOrUnknownMode() {
        assertInvalid(() -> run("fail_intentionally", Map.of()), "payload.mode");
        assertInvalid(() -> run("fail_intentionally", Map.of("mode", "explode")), "payload.mode");
        assertInvalid(() -> run("fail_intentionally", Map.of("mode", 1)), "payload.mode");
        assertInvalid(() -> registry.validate("fail_intentionally", null), "payload.mode");
        registry.validate("fail_intentionally", Map.of("mode", "error"));
        registry.validate("noop", null);
    }

    @Test
    void anUnknownTypeIsAnInvalidArgumentNamingTypeAndTheKnownModules() {
        assertThatThrownBy(() -> registry.lookup("nope")).isInstanceOfSatisfying(JeevesException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.field()).isEqualTo("type");
            assertThat(e.getMessage()).contains("nope").contains("[echo, fail_intentionally, noop]");
        });
        assertInvalid(() -> registry.lookup(null), "type");
        assertInvalid(() -> registry.validate("nope", Map.of()), "type");
    }

    @Test
    void aNameIsRegisteredOnceAndMustBeWellFormed() {
        ExecutionModule builtIn = registry.lookup("noop");
        ExecutionModule impostor = ExecutionModule.of("noop", in -> ModuleResult.failure("impostor"));
        assertThatThrownBy(() -> registry.register(impostor)).isInstanceOfSatisfying(JeevesException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION));
        assertThat(registry.lookup("noop")).isSameAs(builtIn);
        assertInvalid(() -> registry.register(ExecutionModule.of("Bad-Name", in -> null)), "name");
        assertThat(registry.names()).doesNotContain("Bad-Name");
    }

    @Test
    void thirdPartyModulesAreDiscoveredThroughServiceLoader() throws Exception {
        URL fixture = getClass().getClassLoader().getResource("execution-module-fixture/");
        assertThat(fixture).isNotNull();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {fixture}, getClass().getClassLoader())) {
            registry.discover(loader);
            assertThat(registry.names()).contains("shout", "noop");
            assertThat(run("shout", Map.of("text", "hi")).output()).isEqualTo(Map.of("text", "HI"));

            assertThatThrownBy(() -> registry.discover(loader)).as("discovered twice: the name is taken")
                    .isInstanceOfSatisfying(JeevesException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION));
        }
        assertThat(ModuleRegistry.withBuiltins().discover(getClass().getClassLoader()).names())
                .as("the fixture is not on the ordinary classpath").doesNotContain("shout");
    }

    @Test
    void moduleInputsCarryTheirIdempotencyKeyAndRefuseBadIds() {
        ModuleInput in = input("noop", null);
        assertThat(in.idempotencyKey()).isEqualTo("dir-1:run-1");
        assertThat(in.payload()).isEmpty();
        assertInvalid(() -> new ModuleInput("dir 1", "run-1", "noop", Map.of(), null), "directive_id");
        assertInvalid(() -> new ModuleInput("dir-1", null, "noop", Map.of(), null), "run_id");
        assertInvalid(() -> new ModuleInput("dir-1", "run-1", "", Map.of(), null), "type");
    }

    private static void assertInvalid(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(JeevesException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
