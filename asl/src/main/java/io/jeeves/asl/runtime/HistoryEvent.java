package io.jeeves.asl.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import java.io.UncheckedIOException;

/**
 * One history event as the engine makes it: its type, time, ids once appended, and its details as plain
 * values. An execution makes two events per state, so nothing is rendered while it runs: a store writes
 * each event as one compact line ({@link #appendLine}, a JSON array), and {@link #expand} turns a line into
 * the event in the shape GetExecutionHistory returns (AWS event types and detail fields; the timestamp in
 * epoch milliseconds, which the API layer converts).
 *
 * <p>The line is {@code [id, previousEventId, timestamp, "Type", "key", value, …]}: the details' fields in
 * pairs (strings or numbers); a state's Entered and Exited events, two per state run, are written
 * {@code [id, previousEventId, timestamp, "Type", "name", "input or output"]}. A line written after the
 * event before it, with the same timestamp, leaves out the previous id and the timestamp:
 * {@code [id, "Type", …]}. The details field is named after the type ({@code TaskFailed →
 * taskFailedEventDetails}; every {@code …StateEntered} and {@code …StateExited} shares one, as in AWS); an
 * {@code input} or {@code output} field gets its {@code …Details} ({@code {"truncated": false}}), as in AWS.
 * An event without details ends with {@code null}.
 */
public final class HistoryEvent {
    private final long timestamp;
    private final String type;
    /**
     * Details: key, value, key, value…; values are String or Long; null fields left out; null: none at all.
     * By position: name, payload.
     */
    private final Object[] details;
    /** Whether the details are written by position (a state's Entered or Exited event). */
    private final boolean byPosition;
    private long id;
    private long previousEventId;

    HistoryEvent(long timestamp, String type, Object[] details) {
        this(timestamp, type, details, false);
    }

    private HistoryEvent(long timestamp, String type, Object[] details, boolean byPosition) {
        this.timestamp = timestamp;
        this.type = type;
        this.details = details;
        this.byPosition = byPosition;
    }

    /** A state's Entered or Exited event: its name and its input or output (JSON text), written by position. */
    static HistoryEvent state(long timestamp, String type, String name, String payload) {
        return new HistoryEvent(timestamp, type, new Object[] {name, payload}, true);
    }

    /** An event without details, with its ids (stores' tests). */
    public HistoryEvent(long id, long previousEventId, long timestamp, String type) {
        this(timestamp, type, null);
        this.id = id;
        this.previousEventId = previousEventId;
    }

    void link(long eventId, long previous) {
        this.id = eventId;
        this.previousEventId = previous;
    }

    public long id() {
        return id;
    }

    /** Appends the event's compact line (no newline). */
    public StringBuilder appendLine(StringBuilder out) {
        return appendLine(out, null);
    }

    /**
     * Appends the event's compact line (no newline), written after {@code before}'s line: shortened to
     * {@code [id, "Type", …]} when this event follows {@code before} (previous id, same timestamp), as two
     * states' events in a row mostly do.
     */
    public StringBuilder appendLine(StringBuilder out, HistoryEvent before) {
        out.append('[').append(id);
        if (before == null || before.id != id - 1 || previousEventId != id - 1 || before.timestamp != timestamp) {
            out.append(',').append(previousEventId).append(',').append(timestamp);
        }
        out.append(",\"").append(type).append('"');
        if (details == null) {
            return out.append(",null]");
        }
        if (byPosition) {
            out.append(',');
            Json.quote(out, (String) details[0]).append(',');
            return Json.quote(out, (String) details[1]).append(']');
        }
        for (int i = 0; i < details.length; i += 2) {
            Object value = details[i + 1];
            if (value != null) {
                out.append(",\"").append(details[i]).append("\",");
                if (value instanceof String s) {
                    Json.quote(out, s);
                } else {
                    out.append(value);
                }
            }
        }
        return out.append(']');
    }

    /** The event as GetExecutionHistory returns it. */
    public JsonNode toJson() {
        try {
            return expand(Json.read(appendLine(new StringBuilder(128)).toString()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // rendered here: always well-formed
        }
    }

    /**
     * A whole line as {@link #appendLine} writes it, as the event GetExecutionHistory returns.
     *
     * @throws IllegalArgumentException not such a line
     */
    public static ObjectNode expand(JsonNode line) {
        return expand(line, null);
    }

    /**
     * A line as {@link #appendLine} writes it after {@code before}'s (null: none, the line must be whole), as the
     * event GetExecutionHistory returns.
     *
     * @param before the event expanded from the line before
     * @throws IllegalArgumentException not such a line
     */
    public static ObjectNode expand(JsonNode line, JsonNode before) {
        boolean shortened = line.isArray() && line.size() >= 2 && line.get(1).isTextual();
        int at = shortened ? 1 : 3; // where the type is
        if (!line.isArray() || line.size() < at + 1 || !line.get(at).isTextual() || shortened && before == null) {
            throw new IllegalArgumentException("not a history line: " + line);
        }
        String type = line.get(at).asText();
        ObjectNode event = Json.object();
        event.set("timestamp", shortened ? before.get("timestamp") : line.get(2));
        event.put("type", type);
        event.set("id", line.get(0));
        if (shortened) {
            // a node as a whole line's would parse to (an int where it fits)
            long previous = line.get(0).asLong() - 1;
            event.set("previousEventId", previous <= Integer.MAX_VALUE ? IntNode.valueOf((int) previous)
                    : LongNode.valueOf(previous));
        } else {
            event.set("previousEventId", line.get(1));
        }
        if (line.size() == at + 2 && line.get(at + 1).isNull()) {
            return event;
        }
        ObjectNode details = event.putObject(detailsField(type));
        boolean entered = type.endsWith("StateEntered");
        if ((entered || type.endsWith("StateExited")) && line.size() == at + 3) {
            String payload = entered ? "input" : "output";
            details.set("name", line.get(at + 1));
            details.set(payload, line.get(at + 2));
            details.putObject(payload + "Details").put("truncated", false);
            return event;
        }
        for (int i = at + 1; i + 1 < line.size(); i += 2) {
            String key = line.get(i).asText();
            details.set(key, line.get(i + 1));
            if (key.equals("input") || key.equals("output")) {
                details.putObject(key + "Details").put("truncated", false);
            }
        }
        return event;
    }

    /** The details field of an event type, as AWS names it. */
    static String detailsField(String type) {
        if (type.endsWith("StateEntered")) {
            return "stateEnteredEventDetails";
        }
        if (type.endsWith("StateExited")) {
            return "stateExitedEventDetails";
        }
        return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
    }

    @Override
    public String toString() {
        return appendLine(new StringBuilder()).toString();
    }
}
