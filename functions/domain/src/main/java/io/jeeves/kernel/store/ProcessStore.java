package io.jeeves.kernel.store;

import io.jeeves.kernel.Counter;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.ResourceUsage;
import io.jeeves.kernel.UsageDelta;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Process control blocks. Every write is conditional: lifecycle writes on the version read, usage
 * increments on the quota ceilings, so concurrent callers never lose an update.
 */
public interface ProcessStore {

    /** Stores a new process (version becomes 1); false when the pid is taken. */
    boolean insert(Process process);

    Optional<Process> get(String pid);

    /**
     * Writes the lifecycle fields of {@code next} (not its usage counters) if the stored version is
     * still {@code next.version()}. Returns the stored process (version + 1), or empty on a conflict.
     * A process in READY is in the ready queue; in any other state it is not.
     */
    Optional<Process> update(Process next);

    /**
     * Adds {@code delta} atomically, only if the process exists, is not terminated, every counter with a
     * non-zero delta is at most its ceiling, and (when {@code startedNotBefore} is given) the process
     * started at or after that instant. Nothing is written otherwise. Returns the usage after the
     * increment, or empty when refused.
     */
    Optional<ResourceUsage> addUsage(String pid, UsageDelta delta, Map<Counter, Long> ceilings, Instant startedNotBefore);

    /** Up to {@code limit} READY processes, highest priority first, then oldest first (FIFO). */
    List<Process> readyQueue(int limit);

    /** Filtered, paginated listing. {@code state} and {@code userId} may be null (no filter). */
    Page<Process> list(ProcessState state, String userId, int limit, String nextToken);

    /** How many processes are in each state; all of them, or one user's when {@code userId} is given. */
    Map<ProcessState, Long> countByState(String userId);

    /** Processes in {@code state} that entered it before {@code cutoff}, oldest first. */
    List<Process> inStateSince(ProcessState state, Instant cutoff, int limit);

    /** Deletes the process if its version is still {@code expectedVersion}. */
    boolean delete(String pid, long expectedVersion);
}
