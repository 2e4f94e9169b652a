package io.jeeves.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.local.lambda.LambdaRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake Lambda functions of the conformance corpus (conformance/README.md, "Fake Lambda functions"),
 * as in-process functions: {@code echo}, {@code add}, {@code fail}, {@code flaky}, and {@code corpus-reset},
 * which restarts flaky's call count (the corpus counts calls per execution: reset before each one).
 * Registered by the local stack with {@code --corpus-functions}, so the corpus can be run with the AWS CLI.
 */
public final class CorpusFunctions {
    private final AtomicInteger flakyCalls = new AtomicInteger();

    private CorpusFunctions() {
    }

    /** Registers a fresh set of the functions. */
    public static void register(LambdaRegistry registry) {
        CorpusFunctions f = new CorpusFunctions();
        registry.register("echo", (in, out, ctx) -> in.transferTo(out));
        registry.register("add", (in, out, ctx) -> out.write(Json.writeBytes(f.add(Json.read(in)))));
        registry.register("fail", (in, out, ctx) -> f.fail(Json.read(in)));
        registry.register("flaky", (in, out, ctx) -> out.write(Json.writeBytes(f.flaky(Json.read(in)))));
        registry.register("corpus-reset", (in, out, ctx) -> {
            f.flakyCalls.set(0);
            out.write(Json.writeBytes(Json.object().put("reset", true)));
        });
    }

    private JsonNode add(JsonNode input) {
        if (!input.path("a").isNumber() || !input.path("b").isNumber()) {
            throw new IllegalArgumentException("add: input must be {\"a\": number, \"b\": number}, got " + input);
        }
        return Json.MAPPER.getNodeFactory().numberNode(input.get("a").decimalValue().add(input.get("b").decimalValue()));
    }

    private void fail(JsonNode input) {
        JsonNode in = input.isObject() ? input : Json.object();
        throw new LambdaRegistry.FunctionException(in.path("errorType").isTextual() ? in.get("errorType").asText()
                : "CustomError", in.path("message").isTextual() ? in.get("message").asText() : "failed");
    }

    private JsonNode flaky(JsonNode input) {
        JsonNode in = input.isObject() ? input : Json.object();
        int k = flakyCalls.incrementAndGet();
        int failures = in.path("failures").isIntegralNumber() ? in.get("failures").asInt() : 2;
        if (k <= failures) {
            throw new LambdaRegistry.FunctionException("FlakyError", "call " + k + " failed");
        }
        return Json.object().put("calls", k);
    }
}
