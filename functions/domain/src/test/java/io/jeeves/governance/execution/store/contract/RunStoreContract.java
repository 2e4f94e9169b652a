package io.jeeves.governance.execution.store.contract;

import io.jeeves.testing.Concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.governance.execution.ExecutionRun;
import io.jeeves.governance.execution.RunError;
import io.jeeves.governance.execution.RunLifecycle;
import io.jeeves.governance.execution.RunStatus;
import io.jeeves.governance.execution.store.RunStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RunStore} must do; subclasses supply a fresh, empty store. */
public abstract class RunStoreContract {
    protected final Instant t0 = Instant.parse("2026-03-01T10:00:00Z").plusNanos(123_456_000);
    protected RunStore store;

    protected abstract RunStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    protected ExecutionRun run(String id, String directive, String owner, Instant created) {
        return RunLifecycle.create(id, directive, owner, "noop", null, created);
    }

    private ExecutionRun stored(ExecutionRun r) {
        assertThat(store.insert(r)).isTrue();
        return store.get(r.id()).orElseThrow();
    }

    @Test
    void runRoundTripsEveryField() {
        ExecutionRun r = RunLifecycle.create("run-1", "dir-1", "alice", "echo",
                "arn:aws:states:eu-west-1:123456789012:execution:execution:abc", t0);
        r = RunLifecycle.recordAttempt(RunLifecycle.transition(r, RunStatus.RUNNING, null, null, t0.plusSeconds(1)),
                t0.plusSeconds(2));
        Map<String, Object> output = new HashMap<>();
        output.put("text", "hi");
        output.put("nothing", null);
        output.put("nested", Map.of("n", 2L, "list", List.of("a", true)));
        ExecutionRun done = RunLifecycle.transition(r, RunStatus.COMPLETED, output, null, t0.plusSeconds(3));
        assertThat(store.insert(done)).isTrue();
        assertThat(store.get("run-1")).contains(done.withVersion(1));

        ExecutionRun failed = RunLifecycle.transition(r.withVersion(0), RunStatus.FAILED, null,
                new RunError("java.lang.IllegalStateException", "boom"), t0.plusSeconds(3));
        ExecutionRun failedCopy = new ExecutionRun("run-2", failed.directiveId(), failed.owner(), failed.status(),
                failed.module(), failed.attempts(), failed.error(), failed.result(), failed.createdAt(),
                failed.startedAt(), failed.endedAt(), failed.updatedAt(), 0, null);
        assertThat(store.insert(failedCopy)).isTrue();
        assertThat(store.get("run-2")).contains(failedCopy.withVersion(1));
        assertThat(store.get("nope")).isEmpty();
    }

    @Test
    void insertRefusesATakenIdAndKeepsTheFirst() {
        stored(run("run-1", "dir-1", "alice", t0));
        assertThat(store.insert(run("run-1", "dir-2", "bob", t0.plusSeconds(1)))).isFalse();
        assertThat(store.get("run-1").orElseThrow().owner()).isEqualTo("alice");
    }

    @Test
    void updateIsConditionalOnTheVersionRead() {
        ExecutionRun v1 = stored(run("run-1", "dir-1", "alice", t0));
        ExecutionRun v2 = store.update(RunLifecycle.transition(v1, RunStatus.RUNNING, null, null, t0)).orElseThrow();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store.update(RunLifecycle.transition(v1, RunStatus.CANCELED, null, null, t0))).as("stale").isEmpty();
        assertThat(store.get("run-1")).contains(v2);
        assertThat(store.update(run("ghost", "dir-1", "alice", t0).withVersion(1))).as("absent").isEmpty();
        assertThat(store.get("ghost")).isEmpty();
    }

    @Test
    void concurrentUpdatesOfOneVersionLetExactlyOneWin() throws Exception {
        ExecutionRun v1 = stored(run("run-1", "dir-1", "alice", t0));
        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.outcomes(8, i -> store
                .update(RunLifecycle.transition(v1, RunStatus.RUNNING, null, null, t0.plusMillis(i))).isPresent());
        assertThat(outcomes).extracting(Concurrently.Outcome::value).containsOnlyOnce(true);
        assertThat(store.get("run-1").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void byDirectiveListsThatDirectivesRunsNewestFirst() {
        stored(run("run-a", "dir-1", "alice", t0));
        stored(run("run-b", "dir-1", "alice", t0.plusSeconds(2)));
        stored(run("run-c", "dir-2", "alice", t0.plusSeconds(1)));
        stored(run("run-d", "dir-1", "alice", t0.plusSeconds(1)));
        assertThat(store.byDirective("dir-1")).extracting(ExecutionRun::id).containsExactly("run-b", "run-d", "run-a");
        assertThat(store.byDirective("dir-9")).isEmpty();
    }

    @Test
    void byOwnerFiltersByStatusAndHonoursTheLimit() {
        for (int i = 0; i < 5; i++) {
            stored(run("run-" + i, "dir-" + i, "alice", t0.plusSeconds(i)));
        }
        stored(run("run-bob", "dir-9", "bob", t0.plusSeconds(9)));
        ExecutionRun r1 = store.get("run-1").orElseThrow();
        store.update(RunLifecycle.transition(r1, RunStatus.RUNNING, null, null, t0.plusSeconds(10))).orElseThrow();
        ExecutionRun r3 = store.get("run-3").orElseThrow();
        store.update(RunLifecycle.transition(r3, RunStatus.RUNNING, null, null, t0.plusSeconds(10))).orElseThrow();

        assertThat(store.byOwner("alice", null, 100)).extracting(ExecutionRun::id)
                .containsExactly("run-4", "run-3", "run-2", "run-1", "run-0");
        assertThat(store.byOwner("alice", null, 2)).extracting(ExecutionRun::id).containsExactly("run-4", "run-3");
        assertThat(store.byOwner("alice", RunStatus.RUNNING, 100)).extracting(ExecutionRun::id)
                .containsExactly("run-3", "run-1");
        assertThat(store.byOwner("alice", RunStatus.FAILED, 100)).isEmpty();
        assertThat(store.byOwner("bob", null, 100)).extracting(ExecutionRun::id).containsExactly("run-bob");
    }
}
