package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Where state machines and executions live. Execution progress is saved as a snapshot of its frames
 * plus the history events since the last save, in one conditional write, so a restart resumes exactly
 * where the last save left off.
 */
public interface ExecutionStore {

    record Page<T>(List<T> items, String nextToken) {
    }

    /** A running execution as saved: its summary, its frames snapshot and the id of its last event. */
    record Saved(ExecutionRecord record, JsonNode snapshot, long lastEventId, long version) {
    }

    /** Stores a new state machine; false when the ARN is taken. */
    boolean createStateMachine(StateMachineRecord machine);

    /** Replaces the state machine if its stored version is still {@code machine.version() - 1}. */
    boolean updateStateMachine(StateMachineRecord machine);

    Optional<StateMachineRecord> stateMachine(String arn);

    Page<StateMachineRecord> stateMachines(int limit, String nextToken);

    boolean deleteStateMachine(String arn);

    /** Stores a new execution with its first snapshot and events (version 1); false when the ARN is taken. */
    boolean createExecution(ExecutionRecord record, JsonNode snapshot, List<JsonNode> events);

    /**
     * Saves progress: the summary, the snapshot, and events with ids after the last saved one, if the
     * stored version is {@code version}; the new version is {@code version + 1}.
     */
    boolean saveProgress(ExecutionRecord record, JsonNode snapshot, List<JsonNode> events, long version);

    Optional<ExecutionRecord> execution(String arn);

    Page<ExecutionRecord> executions(String stateMachineArn, String status, int limit, String nextToken);

    /** Every execution saved as RUNNING, for resuming after a restart. */
    List<Saved> running();

    /** History events in id order (or reverse), paginated. */
    Page<JsonNode> history(String executionArn, boolean reverse, int limit, String nextToken);
}
