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
}
