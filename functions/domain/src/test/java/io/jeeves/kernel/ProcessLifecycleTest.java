package io.jeeves.kernel;

import static io.jeeves.kernel.ProcessState.BLOCKED;
import static io.jeeves.kernel.ProcessState.NEW;
import static io.jeeves.kernel.ProcessState.READY;
import static io.jeeves.kernel.ProcessState.RUNNING;
import static io.jeeves.kernel.ProcessState.TERMINATED;
import static io.jeeves.kernel.ProcessState.WAITING;
import static io.jeeves.kernel.ProcessState.ZOMBIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessLifecycleTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private Process fresh() {
        return ProcessLifecycle.create("p1", "req1", "alice", "s1", Priority.NORMAL, ResourceQuota.DEFAULTS, t0);
    }

    @Test
    void transitionTableIsTheReferenceTable() {
        assertThat(allowedFrom(NEW)).containsExactlyInAnyOrder(READY, TERMINATED);
        assertThat(allowedFrom(READY)).containsExactlyInAnyOrder(RUNNING, TERMINATED);
        assertThat(allowedFrom(RUNNING)).containsExactlyInAnyOrder(READY, WAITING, BLOCKED, TERMINATED);
        assertThat(allowedFrom(WAITING)).containsExactlyInAnyOrder(READY, TERMINATED);
        assertThat(allowedFrom(BLOCKED)).containsExactlyInAnyOrder(READY, TERMINATED);
        assertThat(allowedFrom(TERMINATED)).containsExactly(ZOMBIE);
        assertThat(allowedFrom(ZOMBIE)).isEmpty();
        assertThat(TERMINATED.isTerminal()).isTrue();
        assertThat(ZOMBIE.isTerminal()).isTrue();
        assertThat(RUNNING.isTerminal()).isFalse();
    }

    private static Set<ProcessState> allowedFrom(ProcessState from) {
        Set<ProcessState> out = EnumSet.noneOf(ProcessState.class);
        for (ProcessState to : ProcessState.values()) {
            if (from.canTransitionTo(to)) {
                out.add(to);
            }
        }
        return out;
    }

    @Test
    void fullPathNewToZombieRecordsTimes() {
        Process p = fresh();
        assertThat(p.state()).isEqualTo(NEW);
        p = ProcessLifecycle.schedule(p, t0.plusSeconds(1));
        assertThat(p.state()).isEqualTo(READY);
        p = ProcessLifecycle.transition(p, RUNNING, "", t0.plusSeconds(2));
        assertThat(p.startedAt()).isEqualTo(t0.plusSeconds(2));
        assertThat(p.elapsedSeconds(t0.plusSeconds(12))).isEqualTo(10.0);
        p = ProcessLifecycle.transition(p, TERMINATED, "done", t0.plusSeconds(7));
        assertThat(p.completedAt()).isEqualTo(t0.plusSeconds(7));
        assertThat(p.usage().elapsedSeconds()).isEqualTo(5.0);
        assertThat(p.elapsedSeconds(t0.plusSeconds(100))).as("frozen once completed").isEqualTo(5.0);
        assertThat(p.reason()).isEqualTo("done");
        p = ProcessLifecycle.transition(p, ZOMBIE, "", t0.plusSeconds(8));
        assertThat(p.state()).isEqualTo(ZOMBIE);
        assertThat(p.completedAt()).isEqualTo(t0.plusSeconds(7));
    }

    @Test
    void waitingAndBlockedReallyHappenAndResumeToReady() {
        Process running = ProcessLifecycle.transition(ProcessLifecycle.schedule(fresh(), t0), RUNNING, "", t0);
        Process waiting = ProcessLifecycle.transition(running, WAITING, "clarification", t0.plusSeconds(1));
        assertThat(waiting.state()).isEqualTo(WAITING);
        assertThat(waiting.reason()).isEqualTo("clarification");
        Process resumed = ProcessLifecycle.transition(waiting, READY, "", t0.plusSeconds(2));
        assertThat(resumed.state()).isEqualTo(READY);
        assertThat(resumed.reason()).isEmpty();
        assertThat(resumed.createdAt()).as("FIFO position kept").isEqualTo(t0);

        Process blocked = ProcessLifecycle.transition(running, BLOCKED, "quota", t0.plusSeconds(1));
        assertThat(blocked.state()).isEqualTo(BLOCKED);
        assertThat(blocked.reason()).isEqualTo("quota");
        assertThat(ProcessLifecycle.transition(blocked, READY, "", t0.plusSeconds(3)).state()).isEqualTo(READY);
        Process rerun = ProcessLifecycle.transition(ProcessLifecycle.transition(blocked, READY, "", t0.plusSeconds(3)),
                RUNNING, "", t0.plusSeconds(4));
        assertThat(rerun.startedAt()).as("first start is kept for elapsed time").isEqualTo(t0);
        assertThat(rerun.lastScheduledAt()).isEqualTo(t0.plusSeconds(4));
    }

    @Test
    void invalidTransitionsAreRefusedWithTheStatesNamed() {
        assertThatThrownBy(() -> ProcessLifecycle.transition(fresh(), RUNNING, "", t0))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("from NEW to RUNNING");
        Process ready = ProcessLifecycle.schedule(fresh(), t0);
        assertThatThrownBy(() -> ProcessLifecycle.transition(ready, WAITING, "", t0))
                .isInstanceOf(FailedPreconditionException.class);
        assertThatThrownBy(() -> ProcessLifecycle.schedule(ready, t0))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("state is READY, expected NEW");
        Process zombie = ProcessLifecycle.transition(ProcessLifecycle.terminate(ready, "", t0), ZOMBIE, "", t0);
        assertThatThrownBy(() -> ProcessLifecycle.transition(zombie, READY, "", t0))
                .isInstanceOf(FailedPreconditionException.class);
    }

    @Test
    void terminateIsIdempotentAndNeverStartedMeansZeroElapsed() {
        Process t = ProcessLifecycle.terminate(fresh(), "x", t0.plusSeconds(5));
        assertThat(t.state()).isEqualTo(TERMINATED);
        assertThat(t.usage().elapsedSeconds()).isZero();
        assertThat(ProcessLifecycle.terminate(t, "again", t0.plusSeconds(9))).isSameAs(t);
    }

    @Test
    void parsingIsCaseInsensitiveAndNamesTheField() {
        assertThat(ProcessState.parse("running", "new_state")).isEqualTo(RUNNING);
        assertThat(Priority.parse("High", "priority")).isEqualTo(Priority.HIGH);
        assertThatThrownBy(() -> ProcessState.parse("SLEEPING", "new_state"))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("new_state"))
                .hasMessageContaining("Invalid process state: SLEEPING");
        assertThatThrownBy(() -> Priority.parse("urgent", "priority")).hasMessageContaining("Invalid priority: urgent");
    }
}
