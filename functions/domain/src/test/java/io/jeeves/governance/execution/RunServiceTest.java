package io.jeeves.governance.execution;

import static io.jeeves.governance.execution.RunLifecycleTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.JeevesException;
import io.jeeves.governance.execution.RunService.CreateRequest;
import io.jeeves.governance.execution.RunService.Created;
import io.jeeves.testing.Concurrently;
import io.jeeves.governance.execution.store.memory.InMemoryRunStore;
import io.jeeves.kernel.Caller;
import io.jeeves.testing.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunServiceTest {
    private static final Caller ALICE = Caller.user("alice", Set.of());
    private static final Caller BOB = Caller.user("bob", Set.of());
    private static final Caller ADMIN = Caller.user("root", Set.of(Caller.SCOPE_ADMIN));
    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:execution:execution:exec-1";

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryRunStore store = new InMemoryRunStore();
    private final RunService runs = new RunService(store, clock);

    private Created create(Caller caller, String directive, String key) {
        return runs.create(caller, new CreateRequest(directive, null, "noop", key, ARN));
    }

    @Test
    void createMakesAPendingRunWithAnIdDerivedFromTheDirectiveAndTheRequestKey() {
        Created c = create(ALICE, "dir-1", "attempt-1");
        assertThat(c.created()).isTrue();
        ExecutionRun r = c.run();
        assertThat(r.id()).isEqualTo(RunService.runId("dir-1", "attempt-1")).matches("run_[0-9a-f]{32}");
        assertThat(r.status()).isEqualTo(RunStatus.PENDING);
        assertThat(r.owner()).isEqualTo("alice");
        assertThat(r.module()).isEqualTo("noop");
        assertThat(r.executionArn()).isEqualTo(ARN);
        assertThat(r.createdAt()).isEqualTo(clock.instant());
        assertThat(r.version()).isEqualTo(1);
        assertThat(store.get(r.id())).contains(r);

        assertThat(RunService.runId("dir-1", "attempt-2")).isNotEqualTo(r.id());
        assertThat(RunService.runId("dir-1a", "ttempt-1")).as("no ambiguity from concatenation")
                .isNotEqualTo(RunService.runId("dir-1", "aattempt-1"));
    }

    @Test
    void aDuplicateCreateReturnsTheStoredRunInsteadOfMakingASecond() {
        ExecutionRun first = create(Caller.system(), "dir-1", "exec-1").run();
        runs.transition(Caller.system(), first.id(), RunStatus.RUNNING, null, null);
        clock.advanceSeconds(5);

        Created again = create(Caller.system(), "dir-1", "exec-1");
        assertThat(again.created()).isFalse();
        assertThat(again.run().status()).as("the stored run, as it is now").isEqualTo(RunStatus.RUNNING);
        assertThat(again.run().createdAt()).isEqualTo(first.createdAt());
        assertThat(runs.forDirective(ADMIN, "dir-1")).hasSize(1);

        assertThat(create(Caller.system(), "dir-1", "exec-2").created()).isTrue();
        assertThat(runs.forDirective(ADMIN, "dir-1")).hasSize(2);
    }

    @Test
    void concurrentDuplicateCreatesMakeOneRun() throws Exception {
        List<Concurrently.Outcome<Created>> outcomes = Concurrently.outcomes(8, i -> create(ALICE, "dir-1", "k"));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.thrown()).isNull());
        assertThat(outcomes).filteredOn(o -> o.value().created()).hasSize(1);
        assertThat(outcomes).extracting(o -> o.value().run().id()).containsOnly(RunService.runId("dir-1", "k"));
        assertThat(runs.forDirective(ALICE, "dir-1")).hasSize(1);
    }

    @Test
    void aRequestKeyReusedForAnotherModuleOrOwnerIsRefused() {
        ExecutionRun r = create(ADMIN, "dir-1", "k").run();
        assertThatThrownBy(() -> runs.create(ADMIN, new CreateRequest("dir-1", null, "echo", "k", null)))
                .isInstanceOfSatisfying(JeevesException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
                    assertThat(e.field()).isEqualTo("request_key");
                });
        assertThatThrownBy(() -> runs.create(ADMIN, new CreateRequest("dir-1", "bob", "noop", "k", null)))
                .isInstanceOfSatisfying(JeevesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION));
        assertThat(store.get(r.id())).contains(r);
    }

    @Test
    void badCreateRequestsNameTheFieldAndStoreNothing() {
        assertField(() -> runs.create(ALICE, new CreateRequest("dir 1", null, "noop", "k", null)), "directive_id");
        assertField(() -> runs.create(ALICE, new CreateRequest(null, null, "noop", "k", null)), "directive_id");
        assertField(() -> runs.create(ALICE, new CreateRequest("dir-1", null, "noop", "", null)), "request_key");
        assertField(() -> runs.create(ALICE, new CreateRequest("dir-1", null, "No-Op", "k", null)), "module");
        assertField(() -> runs.create(ALICE, new CreateRequest("dir-1", null, null, "k", null)), "module");
        assertField(() -> runs.create(ALICE, new CreateRequest("dir-1", null, "noop", "k", "a".repeat(2049))),
                "execution_arn");
        assertThatThrownBy(() -> runs.create(ALICE, new CreateRequest("dir-1", "bob", "noop", "k", null)))
                .isInstanceOfSatisfying(JeevesException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                    assertThat(e.field()).isEqualTo("owner");
                });
        assertThat(runs.forDirective(ADMIN, "dir-1")).isEmpty();
        assertThat(store.get(RunService.runId("dir-1", "k"))).isEmpty();
    }

    @Test
    void anotherOwnersRunIsNotFound() {
        ExecutionRun r = create(ALICE, "dir-1", "k").run();
        assertThat(runs.get(ALICE, r.id())).isEqualTo(r);
        assertThat(runs.get(ADMIN, r.id())).isEqualTo(r);
        assertThat(runs.get(Caller.system(), r.id())).isEqualTo(r);
        assertNotFound(() -> runs.get(BOB, r.id()));
        assertNotFound(() -> runs.transition(BOB, r.id(), RunStatus.CANCELED, null, null));
        assertNotFound(() -> runs.recordAttempt(BOB, r.id()));
        assertNotFound(() -> runs.get(ALICE, "run_unknown"));
        assertThat(runs.forDirective(BOB, "dir-1")).isEmpty();
        assertThatThrownBy(() -> runs.list(BOB, "alice", null, null)).isInstanceOfSatisfying(JeevesException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThat(store.get(r.id())).contains(r);
        assertField(() -> runs.get(ALICE, "bad id"), "run_id");
    }

    @Test
    void transitionTakesItsTimeFromTheClockAndRefusesWithTheCurrentStatus() {
        ExecutionRun r = create(ALICE, "dir-1", "k").run();
        clock.advanceSeconds(2);
        ExecutionRun running = runs.transition(ALICE, r.id(), RunStatus.RUNNING, null, null);
        assertThat(running.startedAt()).isEqualTo(clock.instant());
        assertThat(running.version()).isEqualTo(2);
        clock.advanceSeconds(1);
        assertThat(runs.recordAttempt(ALICE, r.id()).attempts()).isEqualTo(1);
        clock.advanceSeconds(3);
        ExecutionRun done = runs.transition(ALICE, r.id(), RunStatus.COMPLETED, Map.of("answer", 42), null);
        assertThat(done.endedAt()).isEqualTo(clock.instant());
        assertThat(done.result()).containsEntry("answer", 42);

        assertThatThrownBy(() -> runs.transition(ALICE, r.id(), RunStatus.CANCELED, null, null))
                .isInstanceOfSatisfying(JeevesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
                .hasMessageContaining("is completed");
        assertField(() -> runs.transition(ALICE, r.id(), RunStatus.FAILED, null, null), "error");
        assertThat(store.get(r.id())).contains(done);
    }

    @Test
    void concurrentTransitionsFromOneStatusLetOneWinAndTellTheOthersTheNewStatus() throws Exception {
        ExecutionRun r = create(ALICE, "dir-1", "k").run();
        List<Concurrently.Outcome<ExecutionRun>> outcomes = Concurrently.outcomes(8,
                i -> runs.transition(ALICE, r.id(), RunStatus.RUNNING, null, null));
        assertThat(outcomes).filteredOn(o -> o.thrown() == null).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.thrown() != null).hasSize(7).allSatisfy(o -> assertThat(o.thrown())
                .isInstanceOf(JeevesException.class).hasMessageContaining("is running"));
        assertThat(store.get(r.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void concurrentAttemptsAreAllCounted() throws Exception {
        ExecutionRun r = create(ALICE, "dir-1", "k").run();
        runs.transition(ALICE, r.id(), RunStatus.RUNNING, null, null);
        List<Concurrently.Outcome<ExecutionRun>> outcomes = Concurrently.outcomes(8, i -> runs.recordAttempt(ALICE, r.id()));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.thrown()).isNull());
        assertThat(runs.get(ALICE, r.id()).attempts()).isEqualTo(8);
    }

    @Test
    void listIsTheOwnersRunsNewestFirstWithABoundedLimit() {
        for (int i = 0; i < 3; i++) {
            create(ALICE, "dir-" + i, "k");
            clock.advanceSeconds(1);
        }
        create(BOB, "dir-b", "k");
        runs.transition(ALICE, RunService.runId("dir-1", "k"), RunStatus.CANCELED, null, null);

        assertThat(runs.list(ALICE, null, null, null)).extracting(ExecutionRun::directiveId)
                .containsExactly("dir-2", "dir-1", "dir-0");
        assertThat(runs.list(ALICE, null, RunStatus.CANCELED, null)).extracting(ExecutionRun::directiveId)
                .containsExactly("dir-1");
        assertThat(runs.list(ADMIN, "bob", null, 100)).extracting(ExecutionRun::directiveId).containsExactly("dir-b");
        assertThat(runs.list(ALICE, "alice", null, 1)).hasSize(1);
        assertField(() -> runs.list(ALICE, null, null, 0), "limit");
        assertField(() -> runs.list(ALICE, null, null, 101), "limit");
    }

    private static void assertNotFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(JeevesException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
