package io.jeeves.governance.execution.store;

import io.jeeves.governance.execution.ExecutionRun;
import io.jeeves.governance.execution.RunStatus;
import java.util.List;
import java.util.Optional;

/** Execution runs, written conditionally on their version. */
public interface RunStore {
    /** The most runs one listing returns. */
    int MAX_LIMIT = 100;

    /** Stores a new run (version becomes 1); false when the id is taken, and nothing is written. */
    boolean insert(ExecutionRun run);

    Optional<ExecutionRun> get(String id);

    /** Replaces the run if the stored version is still {@code next.version()}; returns it with version + 1. */
    Optional<ExecutionRun> update(ExecutionRun next);

    /** A directive's runs, newest ({@code createdAt}) first. */
    List<ExecutionRun> byDirective(String directiveId);

    /**
     * An owner's runs, newest first, at most {@code limit} (1..{@link #MAX_LIMIT}, checked by the caller).
     *
     * @param status null for every status
     */
    List<ExecutionRun> byOwner(String owner, RunStatus status, int limit);
}
