package io.jeeves.governance.execution;

import static io.jeeves.governance.execution.RunLifecycleTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.UnavailableException;
import io.jeeves.governance.execution.module.ExecutionModule;
import io.jeeves.governance.execution.module.ModuleInput;
import io.jeeves.governance.execution.module.ModuleRegistry;
import io.jeeves.governance.execution.module.ModuleResult;
import io.jeeves.governance.execution.store.IdempotencyRecord;
import io.jeeves.testing.Concurrently;
import io.jeeves.governance.execution.store.memory.InMemoryIdempotencyStore;
import io.jeeves.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IdempotentModuleRunnerTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration TTL = Duration.ofHours(24);

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final ModuleRegistry registry = ModuleRegistry.withBuiltins();
    private final AtomicInteger calls = new AtomicInteger();
    /** What the counting module does on its n-th call (1-based). */
    private volatile Function<Integer, ModuleResult> behaviour = n -> ModuleResult.success(Map.of("call", n));

    IdempotentModuleRunnerTest() {
        registry.register(ExecutionModule.of("counting", input -> behaviour.apply(calls.incrementAndGet())));
    }

    private IdempotentModuleRunner runner(BudgetCheck budget) {
        return new IdempotentModuleRunner(registry, store, budget, clock, LEASE, TTL);
    }

    private static ModuleInput input(String runId, BigDecimal budget) {
        return new ModuleInput("dir-1", runId, "counting", Map.of("x", 1), budget);
    }

    @Test
    void theSameKeyTwiceRunsTheModuleOnce() {
        IdempotentModuleRunner runner = runner(BudgetCheck.none());
        ModuleResult first = runner.run(input("run-1", null));
        ModuleResult again = runner.run(input("run-1", null));
        assertThat(first).isEqualTo(ModuleResult.success(Map.of("call", 1)));
        assertThat(again).isEqualTo(first);
        assertThat(calls).hasValue(1);
        assertThat(store.get("dir-1:run-1").orElseThrow().status()).isEqualTo(IdempotencyRecord.Status.COMPLETED);

        assertThat(runner.run(input("run-2", null)).output()).as("another run is another key").containsEntry("call", 2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void theSameKeyFromEightThreadsRunsTheModuleOnce() throws Exception {
        behaviour = n -> {
            sleep(200); // hold the lease while the others arrive
            return ModuleResult.success(Map.of("call", n));
        };
        IdempotentModuleRunner runner = runner(BudgetCheck.none());
        List<Concurrently.Outcome<ModuleResult>> outcomes = Concurrently.outcomes(8, i -> runner.run(input("run-1", null)));
        assertThat(calls).hasValue(1);
        assertThat(outcomes).allSatisfy(o -> {
            if (o.thrown() != null) {
                assertThat(o.thrown()).isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.retryAfterSeconds()).isPositive();
                });
            } else {
                assertThat(o.value()).isEqualTo(ModuleResult.success(Map.of("call", 1)));
            }
        });
        assertThat(outcomes).filteredOn(o -> o.thrown() == null).isNotEmpty();
        assertThat(runner.run(input("run-1", null)).output()).containsEntry("call", 1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aKeyInProgressAnswersUnavailableUntilItsLeaseEndsThenRunsAgain() {
        assertThat(store.begin("dir-1:run-1", clock.instant(), LEASE, TTL)).as("an attempt that then crashed").isTrue();
        IdempotentModuleRunner runner = runner(BudgetCheck.none());

        clock.advance(LEASE.minusSeconds(30));
        assertThatThrownBy(() -> runner.run(input("run-1", null))).isInstanceOfSatisfying(UnavailableException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(30L));
        assertThat(calls).hasValue(0);

        clock.advanceSeconds(30);
        assertThat(runner.run(input("run-1", null)).output()).containsEntry("call", 1);
        assertThat(calls).hasValue(1);
        assertThat(store.get("dir-1:run-1").orElseThrow().status()).isEqualTo(IdempotencyRecord.Status.COMPLETED);
    }

    @Test
    void aCompletedRecordPastItsExpiryRunsAgain() {
        IdempotentModuleRunner runner = runner(BudgetCheck.none());
        runner.run(input("run-1", null));
        clock.advance(TTL.minusSeconds(1));
        assertThat(runner.run(input("run-1", null)).output()).containsEntry("call", 1);
        clock.advanceSeconds(1);
        assertThat(runner.run(input("run-1", null)).output()).containsEntry("call", 2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void theBudgetIsCheckedBeforeTheModuleRuns() {
        IdempotentModuleRunner runner = runner(BudgetCheck.ceiling(new BigDecimal("100.00"), true));

        ModuleResult over = runner.run(input("run-1", new BigDecimal("150")));
        assertThat(over.status()).isEqualTo(ModuleResult.Status.FAILURE);
        assertThat(over.errorType()).isEqualTo(ModuleResult.BUDGET_REFUSED);
        assertThat(over.error()).contains("150").contains("100.00");
        assertThat(runner.run(input("run-1", new BigDecimal("150")))).as("final and stored").isEqualTo(over);

        assertThat(runner.run(input("run-2", null)).error()).contains("no budget");
        assertThat(runner.run(input("run-3", new BigDecimal("-1"))).error()).contains("negative");
        assertThat(calls).as("the module never ran").hasValue(0);

        assertThat(runner.run(input("run-4", new BigDecimal("100"))).isSuccess()).isTrue();
        assertThat(runner(BudgetCheck.ceiling(BigDecimal.TEN, false)).run(input("run-5", null)).isSuccess()).isTrue();
        assertThat(calls).hasValue(2);
    }

    @Test
    void aModuleThatThrowsIsAnErrorRecordedOnceAndNotRunAgain() {
        behaviour = n -> {
            throw new IllegalStateException("boom " + n);
        };
        IdempotentModuleRunner runner = runner(BudgetCheck.none());
        ModuleResult error = runner.run(input("run-1", null));
        assertThat(error.status()).isEqualTo(ModuleResult.Status.ERROR);
        assertThat(error.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.error()).isEqualTo("boom 1");
        assertThat(runner.run(input("run-1", null))).isEqualTo(error);
        assertThat(calls).hasValue(1);

        ModuleResult builtIn = runner.run(new ModuleInput("dir-1", "run-2", "fail_intentionally", Map.of("mode", "error"),
                null));
        assertThat(builtIn.status()).isEqualTo(ModuleResult.Status.ERROR);
        assertThat(builtIn.error()).contains("error requested");
    }

    @Test
    void aFailureIsFinalAndStored() {
        behaviour = n -> ModuleResult.failure("no " + n);
        IdempotentModuleRunner runner = runner(BudgetCheck.none());
        assertThat(runner.run(input("run-1", null)).error()).isEqualTo("no 1");
        assertThat(runner.run(input("run-1", null)).error()).isEqualTo("no 1");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aModuleReturningNothingIsAnError() {
        behaviour = n -> null;
        ModuleResult r = runner(BudgetCheck.none()).run(input("run-1", null));
        assertThat(r.status()).isEqualTo(ModuleResult.Status.ERROR);
        assertThat(r.error()).contains("returned no result");
    }

    @Test
    void aTransientErrorReleasesTheKeySoARetryRunsTheModuleAgain() {
        behaviour = n -> {
            if (n == 1) {
                throw new UnavailableException("downstream busy", 2L, null);
            }
            return ModuleResult.success(Map.of("call", n));
        };
        IdempotentModuleRunner runner = runner(BudgetCheck.none());
        assertThatThrownBy(() -> runner.run(input("run-1", null))).isInstanceOf(UnavailableException.class)
                .hasMessage("downstream busy");
        assertThat(store.get("dir-1:run-1")).as("released, nothing stored").isEmpty();
        assertThat(runner.run(input("run-1", null)).output()).containsEntry("call", 2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aBudgetCheckThatThrowsReleasesTheKey() {
        IdempotentModuleRunner runner = runner(in -> {
            throw new IllegalStateException("config unreadable");
        });
        assertThatThrownBy(() -> runner.run(input("run-1", BigDecimal.ONE))).hasMessage("config unreadable");
        assertThat(store.get("dir-1:run-1")).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void badInputIsRefusedAndNothingIsStored() {
        IdempotentModuleRunner runner = runner(BudgetCheck.none());
        assertField(() -> runner.run(new ModuleInput("dir-1", "run-1", "unknown", Map.of(), null)), "type");
        assertThat(store.get("dir-1:run-1")).isEmpty();
        assertField(() -> new IdempotentModuleRunner(registry, store, BudgetCheck.none(), clock, Duration.ZERO, TTL),
                "in_progress_ttl");
        assertField(() -> new IdempotentModuleRunner(registry, store, BudgetCheck.none(), clock, LEASE,
                LEASE.minusSeconds(1)), "ttl");
        assertField(() -> BudgetCheck.ceiling(new BigDecimal("-1"), false), "ceiling_usd");
        assertField(() -> BudgetCheck.ceiling(null, false), "ceiling_usd");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
