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

    /** One page of a list; {@code nextToken} is null on the last. */
    record Page<T>(List<T> items, String nextToken) {

        /**
         * The page of {@code all} that starts at the offset in {@code nextToken} (URL-safe Base64 of the
         * offset; null or empty for the first page).
         *
         * @throws SfnException InvalidToken when the token is not one this gave
         */
        public static <T> Page<T> of(List<T> all, int limit, String nextToken) {
            int from;
            try {
                from = nextToken == null || nextToken.isEmpty() ? 0 : Integer.parseInt(new String(
                        java.util.Base64.getUrlDecoder().decode(nextToken), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new SfnException("InvalidToken", "Invalid nextToken: '" + nextToken + "'");
            }
            if (from < 0 || from > all.size()) {
                throw new SfnException("InvalidToken", "Invalid nextToken: '" + nextToken + "'");
            }
            int to = Math.min(all.size(), from + limit);
            String next = to < all.size() ? java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(to).getBytes(java.nio.charset.StandardCharsets.UTF_8)) : null;
            return new Page<>(List.copyOf(all.subList(from, to)), next);
        }
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
    boolean createExecution(ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> events);

    /**
     * Saves progress: the summary, the snapshot, and events with ids after the last saved one, if the
     * stored version is {@code version}; the new version is {@code version + 1}.
     */
    boolean saveProgress(ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> events, long version);

    /**
     * Events that the execution's next save will carry, handed over while it runs so that a store may start
     * writing them (on the engine's staging thread, while the execution goes on). Nothing staged counts until
     * {@link #saveProgress} commits it, and that call still receives every event since the last save: a store
     * that stages must skip those already written, and one that does not may ignore this.
     */
    default void stage(String executionArn, List<HistoryEvent> events) {
    }

    Optional<ExecutionRecord> execution(String arn);

    Page<ExecutionRecord> executions(String stateMachineArn, String status, int limit, String nextToken);

    /** Every execution saved as RUNNING, for resuming after a restart. */
    List<Saved> running();

    /** History events in id order (or reverse), paginated. */
    Page<JsonNode> history(String executionArn, boolean reverse, int limit, String nextToken);
}
