package io.jeeves.llm.provider;

import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The AWS SDK's failures of a Bedrock call in the gateway's taxonomy. A service error is read by its error
 * code, which names it whether it came as an HTTP answer ({@code x-amzn-ErrorType: ThrottlingException}) or
 * as an exception frame inside the event stream ({@code :exception-type throttlingException}, the SDK
 * giving it a status of its own). A client error is read by its cause: no connection, a time-out, an answer
 * that cannot be decoded, a connection that broke; with no I/O cause at all the call could not even be made
 * (no credentials), which only the configuration can fix.
 *
 * <p>Messages hold the error code and the service's message (at most 200 characters), never the service's
 * text on 401/403, never a key or a message body.
 */
final class BedrockErrors {
    private BedrockErrors() {
    }

    /** {@code t}, a failure of the SDK's future or of its event stream, as the gateway's error. */
    static LlmException of(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof LlmException l) {
            return l;
        }
        if (e instanceof AwsServiceException s) {
            return service(s);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return LlmException.of(LlmErrorType.TIMEOUT, "bedrock did not answer in time");
        }
        return client(e);
    }

    private static LlmException service(AwsServiceException e) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? ""
                : e.awsErrorDetails().errorMessage();
        int status = e.statusCode();
        String answered = "bedrock answered " + status + (code.isEmpty() ? "" : " " + code);
        String detailed = message.isBlank() ? answered : answered + ": " + HttpStreams.shorten(message);
        switch (code.toLowerCase(Locale.ROOT)) {
            case "throttlingexception":
            case "servicequotaexceededexception":
            case "modelnotreadyexception":
                return LlmException.forStatus(429, detailed, null);
            case "validationexception":
                return LlmException.forStatus(400, detailed, null);
            case "accessdeniedexception":
            case "unrecognizedclientexception":
            case "expiredtokenexception":
            case "invalidsignatureexception":
                return LlmException.of(LlmErrorType.MISCONFIGURED, answered + " (check the credentials, their permission "
                        + "to invoke the model, and the model's access in the Bedrock console)");
            case "resourcenotfoundexception":
                return LlmException.of(LlmErrorType.MISCONFIGURED, detailed + " (check the model id and the region)");
            case "modeltimeoutexception":
                return LlmException.of(LlmErrorType.TIMEOUT, detailed);
            case "modelstreamerrorexception":
                // Bedrock: "an error occurred while streaming the response; retry your request"
                return LlmException.forStatus(status, detailed, null).asRetryable();
            default:
                return LlmException.forStatus(status, status == 401 || status == 403 ? answered : detailed, null);
        }
    }

    /**
     * A failure on our side of the wire, read by its causes: the SDK hands the HTTP client's exception to the
     * stream's handlers as it is, and to the call's future wrapped in an SdkClientException.
     */
    private static LlmException client(Throwable e) {
        String cause = rootCause(e).getClass().getSimpleName();
        if (causedBy(e, c -> c instanceof io.netty.handler.timeout.TimeoutException
                || c instanceof SocketTimeoutException || c instanceof java.util.concurrent.TimeoutException)) {
            return LlmException.of(LlmErrorType.TIMEOUT, "bedrock did not answer in time (" + cause + ")");
        }
        if (causedBy(e, c -> c instanceof ConnectException || c instanceof UnknownHostException
                || c instanceof NoRouteToHostException || c instanceof SSLException)) {
            return LlmException.of(LlmErrorType.CONNECTION, "cannot connect to bedrock (" + cause + ")");
        }
        if (causedBy(e, BedrockErrors::isDecoding)) {
            // the decoder's message may quote the answer (the model's text): only its kind is kept
            return LlmException.of(LlmErrorType.PARSE, "the bedrock answer could not be decoded (" + cause + ")");
        }
        if (causedBy(e, c -> c instanceof IOException)) {
            return LlmException.of(LlmErrorType.CONNECTION, "the connection to bedrock broke (" + cause + ")");
        }
        if (e instanceof SdkClientException) { // no I/O at all: the request could not be made (no credentials)
            return LlmException.of(LlmErrorType.MISCONFIGURED, "bedrock cannot be called: "
                    + HttpStreams.shorten(String.valueOf(e.getMessage())));
        }
        return LlmException.of(LlmErrorType.BACKEND, "the bedrock call failed (" + cause + ")");
    }

    /**
     * An event-stream frame that fails its checksums (the decoder throws IllegalArgumentException), or an
     * event that is not JSON (the SDK's shaded Jackson, which cannot be named here, hence the class name).
     */
    private static boolean isDecoding(Throwable t) {
        if (t instanceof IllegalArgumentException) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getSimpleName().equals("JsonProcessingException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable t, Predicate<Throwable> test) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (test.test(c)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
