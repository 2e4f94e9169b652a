package io.jeeves.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import io.jeeves.runtime.InProcessContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The functions of the local stack, each a {@link RequestStreamHandler} invoked in this JVM with
 * Lambda's contract: payload bytes in, response bytes out, a Lambda context. A function that throws
 * fails as the Java runtime reports it: an error payload {@code {errorMessage, errorType, stackTrace}}
 * whose {@code errorType} is the exception's class, and the "Unhandled" function error.
 */
public final class LambdaRegistry {
    /** Lambda's synchronous payload limit (request and response). */
    public static final int PAYLOAD_LIMIT = 6 * 1024 * 1024;

    /**
     * A registered function.
     *
     * @param name the deployed name, e.g. {@code jeeves-CreateProcess}
     * @param handlerClass the handler's class name (for listings)
     */
    public record Function(String name, String arn, String handlerClass, String description, int timeoutSeconds,
            Supplier<RequestStreamHandler> factory) {
    }

    /**
     * The outcome of an invocation.
     *
     * @param functionError "Unhandled" when the function failed (the payload is then its error), else null
     */
    public record Result(byte[] payload, String functionError, String requestId, String executedVersion) {
        public boolean failed() {
            return functionError != null;
        }
    }

    /**
     * Thrown by an in-process function to fail with a given error type, as a Node.js or Python function
     * reports its error's name (a Java function's error type is otherwise its exception class). The error
     * document is {@code {"errorType", "errorMessage"}}, without a stack trace.
     */
    public static final class FunctionException extends RuntimeException {
        private final String errorType;

        public FunctionException(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }
    }

    private final Map<String, Function> byName = new ConcurrentHashMap<>();
    private final Map<String, RequestStreamHandler> instances = new ConcurrentHashMap<>();

    /** Registers (or replaces) a function whose handler is created on first use, as Lambda would. */
    public void register(String name, String handlerClass, String description, int timeoutSeconds,
            Supplier<RequestStreamHandler> factory) {
        byName.put(name, new Function(name, InProcessContext.arn(name), handlerClass, description, timeoutSeconds, factory));
        instances.remove(name);
    }

    /** Registers a handler instance under {@code name} (tests, benchmarks, user capabilities). */
    public void register(String name, RequestStreamHandler handler) {
        register(name, handler.getClass().getName(), "", 30, () -> handler);
    }

    /** Registers the handler class the CDK app deploys, instantiated by its no-argument constructor. */
    public void registerClass(String name, String handlerClass, String description, int timeoutSeconds) {
        register(name, handlerClass, description, timeoutSeconds, () -> {
            try {
                return (RequestStreamHandler) Class.forName(handlerClass).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot load " + handlerClass, e);
            }
        });
    }

    public Collection<Function> functions() {
        return List.copyOf(byName.values());
    }

    /**
     * Finds a function by any name Lambda accepts: the name, the full ARN, or the partial ARN
     * ({@code account:function:name}), each optionally with a qualifier ({@code $LATEST} or an alias).
     */
    public Optional<Function> find(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return Optional.empty();
        }
        String name = nameOrArn;
        int fn = name.indexOf("function:");
        if (fn >= 0) {
            name = name.substring(fn + "function:".length());
        }
        int qualifier = name.indexOf(':');
        if (qualifier >= 0) {
            name = name.substring(0, qualifier);
        }
        return Optional.ofNullable(byName.get(name));
    }

    /** Loads every handler now (as Lambda would on the first request), so that the first call is not slow. */
    public void warmUp() {
        byName.values().forEach(this::handler);
    }

    private RequestStreamHandler handler(Function f) {
        return instances.computeIfAbsent(f.name(), n -> f.factory().get());
    }

    /** Invokes {@code f} synchronously with {@code payload}; a failure of the function is a failed Result. */
    public Result invoke(Function f, byte[] payload) {
        InProcessContext context = new InProcessContext(f.name(), f.timeoutSeconds() * 1000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler(f).handleRequest(new ByteArrayInputStream(payload), out, context);
        } catch (Exception | LinkageError e) {
            return new Result(Json.writeBytes(errorPayload(e)), "Unhandled", context.getAwsRequestId(), "$LATEST");
        }
        return new Result(out.toByteArray(), null, context.getAwsRequestId(), "$LATEST");
    }

    /** Invokes the function, letting an exception it throws propagate (the HTTP API gateway's use). */
    public byte[] invokeOrThrow(Function f, byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler(f).handleRequest(new ByteArrayInputStream(payload), out, new InProcessContext(f.name(),
                f.timeoutSeconds() * 1000L));
        return out.toByteArray();
    }

    /** The error document of the Java Lambda runtime, causes included. */
    static ObjectNode errorPayload(Throwable e) {
        return errorPayload(e, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static ObjectNode errorPayload(Throwable e, Set<Throwable> seen) {
        if (e instanceof FunctionException f) { // a deliberate, named failure: no stack trace to report
            return Json.object().put("errorType", f.errorType()).put("errorMessage", f.getMessage());
        }
        Throwable error = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        seen.add(error);
        ObjectNode doc = Json.object();
        doc.put("errorMessage", error.getMessage() == null ? error.getClass().getName() : error.getMessage());
        doc.put("errorType", error.getClass().getName());
        ArrayNode trace = doc.putArray("stackTrace");
        List<StackTraceElement> frames = new ArrayList<>(List.of(error.getStackTrace()));
        frames.stream().limit(50).forEach(frame -> trace.add(frame.toString()));
        if (error.getCause() != null && !seen.contains(error.getCause())) {
            doc.set("cause", errorPayload(error.getCause(), seen));
        }
        return doc;
    }
}
