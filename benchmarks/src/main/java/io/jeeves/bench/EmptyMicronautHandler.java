package io.jeeves.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.jeeves.runtime.FunctionContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The cold-start baseline: a Lambda handler that starts the same Micronaut application context as the
 * Jeeves functions, then answers {@code {}} without doing anything.
 */
public final class EmptyMicronautHandler implements RequestStreamHandler {
    static {
        FunctionContext.get();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        input.readAllBytes();
        output.write("{}".getBytes(StandardCharsets.UTF_8));
    }
}
