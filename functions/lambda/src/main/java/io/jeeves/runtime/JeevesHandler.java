package io.jeeves.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.error.InternalException;
import io.jeeves.error.JeevesException;
import io.jeeves.error.UnavailableException;
import io.jeeves.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The base of every Jeeves function. A subclass reads like a table row: which arguments, which domain
 * call, which reply. This class does the rest: parse the event (HTTP or direct), log with correlation
 * ids, emit metrics, and turn failures into problem+json (HTTP) or a typed Lambda error (direct).
 */
public abstract class JeevesHandler implements RequestStreamHandler {
    static {
        Prewarm.start(); // first, so that it overlaps the logging and Micronaut start-up below
    }

    private static final Logger LOG = LoggerFactory.getLogger(JeevesHandler.class);
    /** The metrics of the invocation running on this thread. */
    private static final ThreadLocal<Telemetry> TELEMETRY = new ThreadLocal<>();

    private final String name;

    protected JeevesHandler() {
        String simple = getClass().getSimpleName();
        this.name = simple.endsWith("Handler") ? simple.substring(0, simple.length() - "Handler".length()) : simple;
    }

    /** The function's logical name, e.g. "CreateProcess". */
    public final String name() {
        return name;
    }

    protected static <T> T bean(Class<T> type) {
        return FunctionContext.bean(type);
    }

    /** The running invocation's metrics, for a handler's own (emitted with the invocation's). */
    protected static Telemetry telemetry() {
        Telemetry t = TELEMETRY.get();
        return t == null ? new Telemetry("unknown") : t;
    }

    /** The domain call. Throw a {@link JeevesException} for anything the caller should be told. */
    protected abstract Reply handle(Invocation invocation);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        Telemetry telemetry = new Telemetry(name);
        TELEMETRY.set(telemetry);
        String lambdaRequestId = context == null ? "local" : context.getAwsRequestId();
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        MDC.put("function", name);
        Invocation inv = null;
        String outcome = "ok";
        try {
            JsonNode event = readEvent(input);
            inv = EventAdapter.parse(event, lambdaRequestId);
            MDC.put("correlation_id", inv.requestId());
            inv = EventAdapter.complete(inv, event);
            correlate(inv);
            Reply reply = handle(inv);
            output.write(Json.writeBytes(EventAdapter.success(inv, reply)));
            LOG.info("{} {}", name, inv.http() ? reply.status() : "ok");
        } catch (JeevesException e) {
            outcome = e.code().name();
            respondToFailure(inv, e, output);
        } catch (SdkException e) {
            JeevesException mapped = transientOrInternal(e, lambdaRequestId);
            outcome = mapped.code().name();
            LOG.error("{} storage call failed", name, e);
            respondToFailure(inv, mapped, output);
        } catch (RuntimeException e) {
            outcome = "INTERNAL";
            LOG.error("{} failed", name, e);
            respondToFailure(inv, new InternalException("Internal error; reference " + lambdaRequestId, e), output);
        } finally {
            telemetry.count("rpc_requests_total");
            telemetry.seconds("rpc_duration_seconds", (System.nanoTime() - started) / 1e9);
            telemetry.flush(outcome);
            TELEMETRY.remove();
            PowertoolsLogging.clearState(true);
        }
    }

    /**
     * A throttled, unavailable or unreachable DynamoDB is UNAVAILABLE (retry shortly; nothing was
     * changed, every write being conditional); anything else from the SDK is a fault of ours.
     */
    static JeevesException transientOrInternal(SdkException e, String requestId) {
        boolean transientFault = e instanceof SdkClientException
                || (e instanceof SdkServiceException s && (s.isThrottlingException() || s.statusCode() >= 500));
        return transientFault
                ? new UnavailableException("Storage is unavailable or throttling; retry shortly", 1L, e)
                : new InternalException("Internal error; reference " + requestId, e);
    }

    private static JsonNode readEvent(InputStream input) {
        try {
            return Json.read(input);
        } catch (IOException e) {
            throw JeevesException.invalidArgument(null, "The payload is not valid JSON");
        }
    }

    /** Correlation ids in every log line: request, user, process, session, interrupt. */
    private static void correlate(Invocation inv) {
        MDC.put("correlation_id", inv.requestId());
        MDC.put("caller", inv.caller().subject());
        for (String id : new String[] {"pid", "session_id", "interrupt_id", "user_id", "request_id", "directive_id", "run_id",
            "artifact_id", "request_key"}) {
            if (inv.args().has(id)) {
                try {
                    MDC.put(id, inv.args().optionalString(id));
                } catch (JeevesException ignored) {
                    // a malformed id is reported by the handler itself
                }
            }
        }
    }

    private void respondToFailure(Invocation inv, JeevesException e, OutputStream output) throws IOException {
        if (e.code().httpStatus() >= 500) {
            LOG.error("{} {}: {}", name, e.code(), e.getMessage());
        } else {
            LOG.info("{} {}: {}", name, e.code(), e.getMessage());
        }
        if (inv != null && inv.http()) {
            output.write(Json.writeBytes(EventAdapter.problem(inv, e)));
            return;
        }
        throw e; // a direct invocation fails with the typed error (its class is the Lambda errorType)
    }
}
