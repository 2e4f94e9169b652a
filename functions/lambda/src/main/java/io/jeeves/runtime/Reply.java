package io.jeeves.runtime;

import java.util.Map;

/** A handler's successful answer: the body, and over HTTP the status and extra headers. */
public record Reply(int status, Object body, Map<String, String> headers) {

    public static Reply ok(Object body) {
        return new Reply(200, body, Map.of());
    }

    public static Reply created(Object body) {
        return new Reply(201, body, Map.of());
    }

    public static Reply accepted(Object body) {
        return new Reply(202, body, Map.of());
    }

    /** Bytes as they are (not JSON): over HTTP the body with its content type; directly, base64 in JSON. */
    public record Raw(byte[] bytes, String contentType) {
    }

    public static Reply raw(byte[] bytes, String contentType) {
        return new Reply(200, new Raw(bytes, contentType), Map.of());
    }
}
