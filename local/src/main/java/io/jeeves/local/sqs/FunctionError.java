package io.jeeves.local.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;

/**
 * A function invocation that failed the way Lambda reports it ({@code {"errorMessage", "errorType"}}),
 * as opposed to one that returned. The event-source mapping needs the difference: after an error it
 * deletes nothing, so SQS redelivers the whole batch.
 */
public final class FunctionError extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String errorMessage;

    public FunctionError(String errorType, String errorMessage) {
        this(errorType, errorMessage, null);
    }

    public FunctionError(String errorType, String errorMessage, Throwable cause) {
        super(errorType + ": " + errorMessage, cause);
        this.errorType = errorType;
        this.errorMessage = errorMessage;
    }

    /** What the Java runtime reports for an uncaught exception: its class name as errorType. */
    public static FunctionError of(Throwable t) {
        return new FunctionError(t.getClass().getName(), String.valueOf(t.getMessage()), t);
    }

    public String errorType() {
        return errorType;
    }

    public String errorMessage() {
        return errorMessage;
    }

    /** The error document Lambda returns for a failed synchronous invocation. */
    public ObjectNode toJson() {
        ObjectNode e = Json.object();
        e.put("errorMessage", errorMessage);
        e.put("errorType", errorType);
        return e;
    }
}
