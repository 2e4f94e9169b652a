package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.AslError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * The evaluated arguments of one call, with typed accessors that fail as AWS does: a
 * {@code States.IntrinsicFailure} whose cause names the function and the argument. Keeping the checks here
 * lets each function body read as its specification.
 */
final class Args {
    private static final BigDecimal HALF = new BigDecimal("0.5");

    private final String function;
    private final List<JsonNode> values;
    private final List<Expr> sources;

    Args(String function, List<JsonNode> values, List<Expr> sources) {
        this.function = function;
        this.values = values;
        this.sources = sources;
    }

    String function() {
        return function;
    }

    int size() {
        return values.size();
    }

    JsonNode any(int index) {
        return values.get(index);
    }

    /** The source expression of an argument, for functions (Format) that treat literals specially. */
    Expr source(int index) {
        return sources.get(index);
    }

    String string(int index) {
        JsonNode value = any(index);
        if (!value.isTextual()) {
            throw wrongType(index, "a string", value);
        }
        return value.textValue();
    }

    ArrayNode array(int index) {
        JsonNode value = any(index);
        if (!value.isArray()) {
            throw wrongType(index, "an array", value);
        }
        return (ArrayNode) value;
    }

    ObjectNode object(int index) {
        JsonNode value = any(index);
        if (!value.isObject()) {
            throw wrongType(index, "a JSON object", value);
        }
        return (ObjectNode) value;
    }

    boolean bool(int index) {
        JsonNode value = any(index);
        if (!value.isBoolean()) {
            throw wrongType(index, "a boolean", value);
        }
        return value.booleanValue();
    }

    /**
     * A number rounded to the nearest integer, halves towards positive infinity. AWS documents that
     * non-integers are "rounded off to the nearest integer" for the math and range functions; recorded
     * executions show Java's {@code Math.round} behaviour (2.5 to 3, -2.5 to -2), which this reproduces
     * exactly on BigDecimal.
     */
    long rounded(int index) {
        JsonNode given = any(index);
        if (given.isIntegralNumber() && given.canConvertToLong()) {
            return given.longValue(); // a whole number already: nothing to round
        }
        BigDecimal value = number(index);
        BigDecimal rounded = value.add(HALF).setScale(0, RoundingMode.FLOOR);
        try {
            return rounded.longValueExact();
        } catch (ArithmeticException e) {
            throw fail("argument " + (index + 1) + " (" + value.toPlainString() + ") is out of range");
        }
    }

    /** A number that must already be a whole number (e.g. an array index), not rounded. */
    long integer(int index) {
        BigDecimal value = number(index);
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw fail("argument " + (index + 1) + " must be an integer, but was " + value.toPlainString());
        }
    }

    private BigDecimal number(int index) {
        JsonNode value = any(index);
        if (!value.isNumber()) {
            throw wrongType(index, "a number", value);
        }
        return value.decimalValue();
    }

    /** A failure of this call; the cause always starts with the function name. */
    AslError fail(String problem) {
        return AslError.intrinsic(function + ": " + problem);
    }

    private AslError wrongType(int index, String expected, JsonNode actual) {
        return fail("argument " + (index + 1) + " must be " + expected + ", but was " + describe(actual));
    }

    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        String type = value.getNodeType().name().toLowerCase(Locale.ROOT);
        String text = value.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return type + " " + text;
    }
}
