package io.jeeves.asl.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code [id, previousEventId, timestamp, "Type", "name", "input or output"]}. The details field is named after the type ({@code TaskFailed →
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
        out.append('[').append(id).append(',').append(previousEventId).append(',').append(timestamp).append(",\"")
                .append(type).append('"');
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
     * A line as {@link #appendLine} writes it, as the event GetExecutionHistory returns.
     *
     * @throws IllegalArgumentException not such a line
     */
    public static ObjectNode expand(JsonNode line) {
        if (!line.isArray() || line.size() < 4 || !line.get(3).isTextual()) {
            throw new IllegalArgumentException("not a history line: " + line);
        }
        String type = line.get(3).asText();
        ObjectNode event = Json.object();
        event.set("timestamp", line.get(2));
        event.put("type", type);
        event.set("id", line.get(0));
        event.set("previousEventId", line.get(1));
        if (line.size() == 5 && line.get(4).isNull()) {
            return event;
        }
        ObjectNode details = event.putObject(detailsField(type));
        boolean entered = type.endsWith("StateEntered");
        if ((entered || type.endsWith("StateExited")) && line.size() == 6) {
            String payload = entered ? "input" : "output";
            details.set("name", line.get(4));
            details.set(payload, line.get(5));
            details.putObject(payload + "Details").put("truncated", false);
            return event;
        }
        for (int i = 4; i + 1 < line.size(); i += 2) {
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
