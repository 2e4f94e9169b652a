package io.jeeves.asl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The corpus's fake Lambda functions (conformance/README.md, "Fake Lambda functions"): echo, add,
 * fail, flaky. One instance per execution: flaky counts the calls of that execution.
 */
public final class FakeFunctions {

    /** A function error: AWS reports errorType as the error and the error document as the cause. */
    public static final class FunctionFailure extends RuntimeException {
        private final String errorType;

        FunctionFailure(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }

        /** The document as the corpus writes it: {@code {"errorType":…,"errorMessage":…}}. */
        public String document() {
            return Json.write(Json.object().put("errorType", errorType).put("errorMessage", getMessage()));
        }
    }

    private final AtomicInteger flakyCalls = new AtomicInteger();

    public JsonNode call(String function, JsonNode input) {
        JsonNode in = input.isObject() ? input : Json.object();
        return switch (function) {
            case "echo" -> input.deepCopy();
            case "add" -> {
                if (!input.path("a").isNumber() || !input.path("b").isNumber()) {
                    throw new IllegalArgumentException("add: input must be {a: number, b: number}, got " + input);
                }
                yield Json.MAPPER.getNodeFactory().numberNode(input.get("a").decimalValue().add(input.get("b").decimalValue()));
            }
            case "fail" -> throw new FunctionFailure(in.path("errorType").isTextual() ? in.get("errorType").asText()
                    : "CustomError", in.path("message").isTextual() ? in.get("message").asText() : "failed");
            case "flaky" -> {
                int k = flakyCalls.incrementAndGet();
                int failures = in.path("failures").isIntegralNumber() ? in.get("failures").asInt() : 2;
                if (k <= failures) {
                    throw new FunctionFailure("FlakyError", "call " + k + " failed");
                }
                yield Json.object().put("calls", k);
            }
            default -> throw new IllegalArgumentException("no fake function " + function);
        };
    }

    /** The function named by a Resource ARN or a FunctionName (name or ARN, qualifier ignored). */
    public static String name(String nameOrArn) {
        String n = nameOrArn;
        int fn = n.indexOf("function:");
        if (fn >= 0) {
            n = n.substring(fn + "function:".length());
        }
        int q = n.indexOf(':');
        return q >= 0 ? n.substring(0, q) : n;
    }
}
