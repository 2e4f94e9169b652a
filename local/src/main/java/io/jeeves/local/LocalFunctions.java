package io.jeeves.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.runtime.InProcessContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions of the catalog, each loaded from the handler class the CDK app deploys and invoked in
 * this JVM with Lambda's contract: payload bytes in, response bytes out, a Lambda context.
 */
final class LocalFunctions {
    private final Map<String, FunctionSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, RequestStreamHandler> handlers = new ConcurrentHashMap<>();
    private final String prefix;

    LocalFunctions(List<FunctionSpec> functions, String prefix) {
        this.prefix = prefix;
        functions.forEach(f -> specs.put(f.name(), f));
    }

    /** The deployed name, e.g. {@code jeeves-CreateProcess}. */
    String deployedName(FunctionSpec f) {
        return prefix + f.name();
    }

    RequestStreamHandler handler(FunctionSpec f) {
        return handlers.computeIfAbsent(f.name(), n -> {
            try {
                return (RequestStreamHandler) Class.forName(f.handlerClass()).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot load " + f.handlerClass(), e);
            }
        });
    }

    /** Loads every handler now (as Lambda would on the first request), so the first call is not slow. */
    void warmUp() {
        specs.values().forEach(this::handler);
    }

    byte[] invoke(FunctionSpec f, byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler(f).handleRequest(new ByteArrayInputStream(payload), out, new InProcessContext(deployedName(f), 30_000));
        return out.toByteArray();
    }
}
