package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.AslError;
import java.util.function.Function;

/** TEMPORARY placeholder until the intrinsic functions branch is merged (not committed). */
public final class IntrinsicFunctions {
    private IntrinsicFunctions() {
    }

    public static boolean isIntrinsic(String value) {
        return value != null && value.startsWith("States.") && value.contains("(") && value.endsWith(")");
    }

    public static JsonNode evaluate(String expression, Function<String, JsonNode> paths) {
        throw AslError.intrinsic("intrinsic functions are not available yet");
    }
}
