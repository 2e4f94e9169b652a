package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread of control inside an execution: the root, a Parallel branch or a Map iteration. Mutable,
 * guarded by its execution's lock; {@link #toJson()} / {@link #fromJson} make the snapshot that a
 * restart resumes from.
 */
final class Frame {
    enum Phase {
        /** About to run {@link #state} on {@link #input}. */
        READY,
        /** A task invocation (attempt {@link #attempt}) is in flight. */
        TASK_RUNNING,
        /** Waiting for SendTaskSuccess/Failure on {@link #token}. */
        WAITING_TOKEN,
        /** Waiting for a nested execution ({@link #childExecution}) to finish (.sync). */
        WAITING_EXECUTION,
        /** Waiting until {@link #dueAt}: a Wait state ({@link #output} set), or a retry. */
        WAITING_TIMER,
        /** A Parallel or Map state waiting for its branches or iterations. */
        WAITING_CHILDREN,
        DONE,
        FAILED,
        ABORTED
    }

    final int id;
    final int parent;
    /** Where the frame's states are: (state name, branch index) steps from the root definition. */
    final List<Object[]> scope;
    /** Branch or item index within the parent; -1 for the root. */
    final int index;

    String state;
    JsonNode input;
    Phase phase = Phase.READY;
    long enteredAtMillis;
    /** The id of this frame's last history event (for previousEventId). */
    long lastEvent;
    int[] retryCounts = new int[0];
    int attempt;
    /** Set when a retry's back-off ends: the state runs again without a new Entered event. */
    boolean retrying;
    String token;
    /**
     * A success or failure sent with this attempt's token while the task's own call (the one that hands the
     * token out) had not returned yet: applied as soon as it returns. Not saved: lost with the engine, as the
     * call itself would be redone.
     */
    java.util.function.Consumer<Frame> earlyAnswer;
    /**
     * The call a Task state just made, for the worker running the frame to invoke once it has let go of the
     * lock (not saved: a frame saved with its task running runs the task again after a restart).
     */
    TaskCall pendingCall;
    String childExecution;
    long dueAtMillis;
    long deadlineMillis;
    long heartbeatMillis;
    int heartbeatSeconds;
    JsonNode output;
    String error;
    String cause;
    /** For Map and Parallel: the children's results in order, items still to start, children running. */
    ArrayNode results;
    ArrayNode items;
    int nextItem;
    int running;
    int maxConcurrency;
    List<Integer> children = new ArrayList<>();
    /** {@link #input} as JSON text once computed (not saved): a state's input is the previous one's output. */
    private JsonNode textOf;
    private String text;

    Frame(int id, int parent, List<Object[]> scope, int index, String state, JsonNode input) {
        this.id = id;
        this.parent = parent;
        this.scope = scope;
        this.index = index;
        this.state = state;
        this.input = input;
    }

    /** {@link #input} as JSON text, serialised once. */
    String inputText() {
        if (text == null || textOf != input) {
            text = Json.write(input);
            textOf = input;
        }
        return text;
    }

    /** The JSON text of a state's output: {@link #inputText()} again when the state passed its input on. */
    String textOf(JsonNode output) {
        return output == input ? inputText() : Json.write(output);
    }

    /** Goes on with {@code next} on {@code nextInput}, whose JSON text is {@code json}. */
    void moveTo(String next, JsonNode nextInput, String json) {
        state = next;
        input = nextInput;
        textOf = nextInput;
        text = json;
        phase = Phase.READY;
        token = null;
    }

    boolean finished() {
        return phase == Phase.DONE || phase == Phase.FAILED || phase == Phase.ABORTED;
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("parent", parent);
        ArrayNode sc = n.putArray("scope");
        for (Object[] step : scope) {
            sc.addArray().add((String) step[0]).add((Integer) step[1]);
        }
        n.put("index", index);
        n.put("state", state);
        n.set("input", input);
        n.put("phase", phase.name());
        n.put("enteredAt", enteredAtMillis);
        n.put("lastEvent", lastEvent);
        ArrayNode rc = n.putArray("retryCounts");
        for (int c : retryCounts) {
            rc.add(c);
        }
        n.put("attempt", attempt);
        n.put("retrying", retrying);
        n.put("token", token);
        n.put("childExecution", childExecution);
        n.put("dueAt", dueAtMillis);
        n.put("deadline", deadlineMillis);
        n.put("heartbeat", heartbeatMillis);
        n.put("heartbeatSeconds", heartbeatSeconds);
        n.set("output", output);
        n.put("error", error);
        n.put("cause", cause);
        n.set("results", results);
        n.set("items", items);
        n.put("nextItem", nextItem);
        n.put("running", running);
        n.put("maxConcurrency", maxConcurrency);
        ArrayNode ch = n.putArray("children");
        children.forEach(ch::add);
        return n;
    }

    static Frame fromJson(JsonNode n) {
        List<Object[]> scope = new ArrayList<>();
        n.path("scope").forEach(s -> scope.add(new Object[] {s.get(0).asText(), s.get(1).asInt()}));
        Frame f = new Frame(n.path("id").asInt(), n.path("parent").asInt(), List.copyOf(scope), n.path("index").asInt(),
                n.path("state").asText(), n.get("input"));
        f.phase = Phase.valueOf(n.path("phase").asText());
        f.enteredAtMillis = n.path("enteredAt").asLong();
        f.lastEvent = n.path("lastEvent").asLong();
        JsonNode rc = n.path("retryCounts");
        f.retryCounts = new int[rc.size()];
        for (int i = 0; i < rc.size(); i++) {
            f.retryCounts[i] = rc.get(i).asInt();
        }
        f.attempt = n.path("attempt").asInt();
        f.retrying = n.path("retrying").asBoolean();
        f.token = text(n, "token");
        f.childExecution = text(n, "childExecution");
        f.dueAtMillis = n.path("dueAt").asLong();
        f.deadlineMillis = n.path("deadline").asLong();
        f.heartbeatMillis = n.path("heartbeat").asLong();
        f.heartbeatSeconds = n.path("heartbeatSeconds").asInt();
        f.output = nullable(n.get("output"));
        f.error = text(n, "error");
        f.cause = text(n, "cause");
        f.results = n.get("results") instanceof ArrayNode a ? a : null;
        f.items = n.get("items") instanceof ArrayNode a ? a : null;
        f.nextItem = n.path("nextItem").asInt();
        f.running = n.path("running").asInt();
        f.maxConcurrency = n.path("maxConcurrency").asInt();
        n.path("children").forEach(c -> f.children.add(c.asInt()));
        return f;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode nullable(JsonNode v) {
        return v == null || v.isNull() ? null : v;
    }
}
