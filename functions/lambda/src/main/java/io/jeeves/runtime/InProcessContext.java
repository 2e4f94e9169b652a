package io.jeeves.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Lambda {@link Context} of an invocation run in this JVM (the local stack, tests, benchmarks),
 * shaped like the one Lambda passes: request id, function name and ARN, memory, remaining time.
 */
public final class InProcessContext implements Context {
    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    /** A version-4 UUID from a fast generator: request ids must be unique, not unpredictable. */
    private final String requestId = randomId();
    private final String functionName;
    private final long deadlineMillis;

    public InProcessContext(String functionName, long timeoutMillis) {
        this.functionName = functionName;
        this.deadlineMillis = System.currentTimeMillis() + timeoutMillis;
    }

    private static String randomId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }

    public static String arn(String functionName) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return arn(functionName);
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
