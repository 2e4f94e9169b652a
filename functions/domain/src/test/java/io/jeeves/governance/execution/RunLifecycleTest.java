package io.jeeves.governance.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.JeevesException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RunLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final RunError BOOM = new RunError("ModuleFailure", "boom");

    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            RunStatus.PENDING, EnumSet.of(RunStatus.RUNNING, RunStatus.CANCELED),
            RunStatus.RUNNING, EnumSet.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELED),
            RunStatus.COMPLETED, EnumSet.noneOf(RunStatus.class),
            RunStatus.FAILED, EnumSet.noneOf(RunStatus.class),
            RunStatus.CANCELED, EnumSet.noneOf(RunStatus.class));

    static Stream<Arguments> everyPair() {
        return Stream.of(RunStatus.values())
                .flatMap(from -> Stream.of(RunStatus.values()).map(to -> Arguments.of(from, to)));
    }

    /** A run brought to {@code status} by allowed transitions, one second apart. */
    static ExecutionRun runIn(RunStatus status) {
        ExecutionRun r = RunLifecycle.create("run-1", "dir-1", "alice", "noop", null, T0);
        return switch (status) {
            case PENDING -> r;
            case CANCELED -> to(r, RunStatus.CANCELED, 1);
            default -> {
                ExecutionRun running = to(r, RunStatus.RUNNING, 1);
                yield status == RunStatus.RUNNING ? running : to(running, status, 2);
            }
        };
    }

    private static ExecutionRun to(ExecutionRun r, RunStatus target, long second) {
        return RunLifecycle.transition(r, target, null, target == RunStatus.FAILED ? BOOM : null,
                T0.plusSeconds(second));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void theTransitionTableIsExactlyTheIssues(RunStatus from, RunStatus to) {
        ExecutionRun run = runIn(from);
        boolean allowed = ALLOWED.get(from).contains(to);
        assertThat(from.canTransitionTo(to)).isEqualTo(allowed);
        if (allowed) {
            assertThat(to(run, to, 10).status()).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> to(run, to, 10)).isInstanceOfSatisfying(JeevesException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
                assertThat(e.getMessage()).contains("is " + from.wireName());
            });
        }
        assertThat(from.isTerminal()).isEqualTo(ALLOWED.get(from).isEmpty());
    }

    @Test
    void timestampsAreSetOnEnteringRunningAndATerminalStatus() {
        ExecutionRun pending = runIn(RunStatus.PENDING);
        assertThat(pending.createdAt()).isEqualTo(T0);
        assertThat(pending.updatedAt()).isEqualTo(T0);
        assertThat(pending.startedAt()).isNull();
        assertThat(pending.endedAt()).isNull();
        assertThat(pending.attempts()).isZero();

        ExecutionRun running = to(pending, RunStatus.RUNNING, 5);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(running.endedAt()).isNull();
        assertThat(running.updatedAt()).isEqualTo(T0.plusSeconds(5));

        ExecutionRun tried = RunLifecycle.recordAttempt(running, T0.plusSeconds(6));
        assertThat(tried.attempts()).isEqualTo(1);
        assertThat(tried.updatedAt()).isEqualTo(T0.plusSeconds(6));
        assertThat(tried.startedAt()).isEqualTo(T0.plusSeconds(5));

        ExecutionRun done = RunLifecycle.transition(tried, RunStatus.COMPLETED, Map.of("ok", true), null,
                T0.plusSeconds(9));
        assertThat(done.startedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(done.endedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(done.updatedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(done.createdAt()).isEqualTo(T0);
        assertThat(done.result()).containsEntry("ok", true);
        assertThat(done.error()).isNull();
        assertThat(done.attempts()).isEqualTo(1);

        ExecutionRun canceledEarly = to(pending, RunStatus.CANCELED, 3);
        assertThat(canceledEarly.startedAt()).isNull();
        assertThat(canceledEarly.endedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void completedWithoutResultHasAnEmptyOneAndFailedKeepsItsError() {
        assertThat(runIn(RunStatus.COMPLETED).result()).isEmpty();
        ExecutionRun failed = runIn(RunStatus.FAILED);
        assertThat(failed.error()).isEqualTo(BOOM);
        assertThat(failed.result()).isNull();
    }

    @Test
    void resultAndErrorAreOnlyForTheirStatus() {
        ExecutionRun running = runIn(RunStatus.RUNNING);
        assertField(() -> RunLifecycle.transition(running, RunStatus.FAILED, null, null, T0), "error");
        assertField(() -> RunLifecycle.transition(running, RunStatus.COMPLETED, null, BOOM, T0), "error");
        assertField(() -> RunLifecycle.transition(running, RunStatus.CANCELED, Map.of(), null, T0), "result");
        assertField(() -> RunLifecycle.transition(running, null, null, null, T0), "status");
    }

    @Test
    void onlyARunningRunCountsAttempts() {
        for (RunStatus s : EnumSet.complementOf(EnumSet.of(RunStatus.RUNNING))) {
            assertThatThrownBy(() -> RunLifecycle.recordAttempt(runIn(s), T0))
                    .isInstanceOfSatisfying(JeevesException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
                    .hasMessageContaining(s.wireName());
        }
    }

    @Test
    void statusParsesCaseInsensitivelyAndRefusesUnknownNames() {
        assertThat(RunStatus.parse(" Running ", "status")).isEqualTo(RunStatus.RUNNING);
        assertThat(RunStatus.CANCELED.wireName()).isEqualTo("canceled");
        assertField(() -> RunStatus.parse("cancelled", "status"), "status");
        assertField(() -> RunStatus.parse(null, "filter.status"), "filter.status");
    }

    @Test
    void runErrorsNeedATypeAndKeepAtMostFourKilobytesOfMessage() {
        assertField(() -> new RunError(" ", "x"), "error.type");
        assertThat(new RunError("T", "m".repeat(10_000)).message()).hasSize(RunError.MAX_MESSAGE);
        assertThat(new RunError("T", null).message()).isEmpty();
    }

    static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(JeevesException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
