package io.jeeves.runtime;

import io.jeeves.kernel.Caller;

/**
 * One request, whichever way it came: {@code http} for an API Gateway HTTP API (payload v2) event,
 * otherwise a direct invocation whose payload is the RPC body.
 *
 * @param requestId API Gateway's request id over HTTP, the Lambda request id otherwise
 */
public record Invocation(boolean http, String method, String rawPath, Args args, Caller caller, String requestId) {
}
