package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.AslError;
import java.util.Map;

/**
 * Every States.* intrinsic with its arity and body. Arity lives beside the body so the parser can refuse
 * {@code States.ArrayLength()} before anything is evaluated, as AWS refuses it when the definition is
 * created.
 */
final class FunctionCatalog {
    /** The body of a function; it receives arguments already evaluated and count-checked. */
    @FunctionalInterface
    interface Body {
        JsonNode apply(Args args);
    }

    /** {@code max} is {@link Integer#MAX_VALUE} for variadic functions. */
    record Spec(int min, int max, Body body) {
    }

    private static final int MANY = Integer.MAX_VALUE;

    private static final Map<String, Spec> FUNCTIONS = Map.ofEntries(
            Map.entry("States.Format", new Spec(1, MANY, StringFunctions::format)),
            Map.entry("States.StringToJson", new Spec(1, 1, JsonFunctions::stringToJson)),
            Map.entry("States.JsonToString", new Spec(1, 1, JsonFunctions::jsonToString)),
            Map.entry("States.JsonMerge", new Spec(3, 3, JsonFunctions::jsonMerge)),
            Map.entry("States.Array", new Spec(0, MANY, ArrayFunctions::array)),
            Map.entry("States.ArrayPartition", new Spec(2, 2, ArrayFunctions::partition)),
            Map.entry("States.ArrayContains", new Spec(2, 2, ArrayFunctions::contains)),
            Map.entry("States.ArrayRange", new Spec(3, 3, ArrayFunctions::range)),
            Map.entry("States.ArrayGetItem", new Spec(2, 2, ArrayFunctions::getItem)),
            Map.entry("States.ArrayLength", new Spec(1, 1, ArrayFunctions::length)),
            Map.entry("States.ArrayUnique", new Spec(1, 1, ArrayFunctions::unique)),
            Map.entry("States.Base64Encode", new Spec(1, 1, EncodingFunctions::base64Encode)),
            Map.entry("States.Base64Decode", new Spec(1, 1, EncodingFunctions::base64Decode)),
            Map.entry("States.Hash", new Spec(2, 2, EncodingFunctions::hash)),
            Map.entry("States.MathRandom", new Spec(2, 3, MathFunctions::random)),
            Map.entry("States.MathAdd", new Spec(2, 2, MathFunctions::add)),
            Map.entry("States.StringSplit", new Spec(2, 2, StringFunctions::split)),
            Map.entry("States.UUID", new Spec(0, 0, StringFunctions::uuid)));

    private FunctionCatalog() {
    }

    static Spec spec(String name) {
        Spec spec = FUNCTIONS.get(name);
        if (spec == null) {
            throw AslError.intrinsic("Unknown intrinsic function " + name);
        }
        return spec;
    }

    static void requireKnown(String name) {
        spec(name);
    }

    static void requireArity(String name, int count) {
        Spec spec = spec(name);
        if (count < spec.min() || count > spec.max()) {
            throw AslError.intrinsic(name + ": expected " + expected(spec) + " but got " + count);
        }
    }

    private static String expected(Spec spec) {
        if (spec.max() == MANY) {
            return "at least " + plural(spec.min());
        }
        if (spec.min() == spec.max()) {
            return plural(spec.min());
        }
        return spec.min() + " to " + plural(spec.max());
    }

    private static String plural(int n) {
        return n == 1 ? "1 argument" : n + " arguments";
    }
}
