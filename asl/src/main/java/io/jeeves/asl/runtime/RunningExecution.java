package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.definition.StateMachineDefinition;
import io.jeeves.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An execution the engine is running: its summary, its frames and the history events not saved yet.
 * Everything but the counters used for saving is guarded by {@link #lock}.
 */
final class RunningExecution {
    final ReentrantLock lock = new ReentrantLock();
    final ReentrantLock saveLock = new ReentrantLock();
    final StateMachineDefinition definition;
    final JsonNode input;
    final String stateMachineName;
    final Map<Integer, Frame> frames = new LinkedHashMap<>();
    final List<HistoryEvent> pending = new ArrayList<>();
    /** How many of {@link #pending} were handed to the store's staging. */
    int staged;
    final Set<String> timedOutTokens = new HashSet<>();
    final CountDownLatch finished = new CountDownLatch(1);
    ExecutionRecord record;
    int nextFrameId;
    long lastEventId;
    long version;
    long lastSaveMillis;
    volatile boolean saveAgain;
    /** Whether the lock holder is a worker stepping frames ({@link Interpreter#run}), which can take one over. */
    boolean inRun;
    /** A frame made ready for the stepping worker to run next, or -1. */
    int takeOver = -1;

    RunningExecution(ExecutionRecord record, StateMachineDefinition definition, JsonNode input, String stateMachineName) {
        this.record = record;
        this.definition = definition;
        this.input = input;
        this.stateMachineName = stateMachineName;
    }

    /** Appends a history event, linked to the frame's previous event. */
    void append(Frame frame, HistoryEvent event) {
        long id = ++lastEventId;
        event.link(id, frame == null ? id - 1 : Math.max(0, frame.lastEvent));
        if (frame != null) {
            frame.lastEvent = id;
        }
        pending.add(event);
    }

    Frame newFrame(int parent, List<Object[]> scope, int index, String state, JsonNode frameInput) {
        Frame f = new Frame(nextFrameId++, parent, scope, index, state, frameInput);
        frames.put(f.id, f);
        return f;
    }

    boolean hasRunnableWork() {
        for (Frame f : frames.values()) {
            if (f.phase == Frame.Phase.READY || f.phase == Frame.Phase.TASK_RUNNING) {
                return true;
            }
        }
        return false;
    }

    ObjectNode snapshot() {
        ObjectNode s = Json.object();
        s.put("nextFrameId", nextFrameId);
        ArrayNode fs = s.putArray("frames");
        frames.values().forEach(f -> fs.add(f.toJson()));
        return s;
    }

    void restore(JsonNode snapshot) {
        nextFrameId = snapshot.path("nextFrameId").asInt();
        snapshot.path("frames").forEach(f -> {
            Frame frame = Frame.fromJson(f);
            frames.put(frame.id, frame);
        });
    }

    /** The context object ($$) for a state of {@code frame}. */
    ObjectNode context(Frame frame, String stateName, int retryCount) {
        ObjectNode c = Json.object();
        ObjectNode e = c.putObject("Execution");
        e.put("Id", record.arn());
        e.set("Input", input);
        e.put("Name", record.name());
        e.put("RoleArn", record.roleArn() == null ? Engine.ROLE_ARN : record.roleArn());
        e.put("StartTime", record.startDate().toString());
        e.put("RedriveCount", 0);
        ObjectNode sm = c.putObject("StateMachine");
        sm.put("Id", record.stateMachineArn());
        sm.put("Name", stateMachineName);
        ObjectNode st = c.putObject("State");
        st.put("EnteredTime", java.time.Instant.ofEpochMilli(frame.enteredAtMillis).toString());
        st.put("Name", stateName);
        st.put("RetryCount", retryCount);
        if (frame.token != null) {
            c.putObject("Task").put("Token", frame.token);
        }
        return c;
    }
}
