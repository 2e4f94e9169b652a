package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.AslError;
import io.jeeves.asl.definition.Condition;
import io.jeeves.asl.definition.Condition.Comparison;
import io.jeeves.asl.definition.Condition.Operator;
import io.jeeves.asl.definition.Timestamps;
import io.jeeves.asl.path.JsonPaths;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Evaluates Choice rules. A comparison of values of different types is false (not an error); a
 * Variable or …Path that selects nothing is a States.Runtime error, except for IsPresent.
 */
final class ChoiceEvaluator {
    private ChoiceEvaluator() {
    }

    static boolean test(Condition c, JsonNode input, Supplier<JsonNode> context) {
        if (c instanceof Condition.And and) {
            return and.conditions().stream().allMatch(x -> test(x, input, context));
        }
        if (c instanceof Condition.Or or) {
            return or.conditions().stream().anyMatch(x -> test(x, input, context));
        }
        if (c instanceof Condition.Not not) {
            return !test(not.condition(), input, context);
        }
        return compare((Comparison) c, input, context);
    }

    private static JsonNode lookup(String path, JsonNode input, Supplier<JsonNode> context) {
        return path.startsWith("$$") ? JsonPaths.read(context.get(), path.substring(1)) : JsonPaths.read(input, path);
    }

    private static boolean compare(Comparison c, JsonNode input, Supplier<JsonNode> context) {
        JsonNode variable;
        try {
            variable = lookup(c.variable(), input, context);
        } catch (JsonPaths.PathMissing e) {
            if (c.operator() == Operator.IsPresent) {
                return !c.value().asBoolean();
            }
            throw AslError.runtime("Invalid path '" + c.variable() + "': The choice state's condition path references "
                    + "an invalid value.");
        }
        Operator op = c.operator();
        if (op.isTest()) {
            boolean is = switch (op) {
                case IsPresent -> true;
                case IsNull -> variable.isNull();
                case IsNumeric -> variable.isNumber();
                case IsString -> variable.isTextual();
                case IsBoolean -> variable.isBoolean();
                case IsTimestamp -> variable.isTextual() && Timestamps.parse(variable.asText()) != null;
                default -> throw new IllegalStateException(op.name());
            };
            return is == c.value().asBoolean();
        }
        JsonNode expected;
        if (c.valuePath() != null) {
            try {
                expected = lookup(c.valuePath(), input, context);
            } catch (JsonPaths.PathMissing e) {
                throw AslError.runtime("Invalid path '" + c.valuePath() + "': The choice state's condition path "
                        + "references an invalid value.");
            }
        } else {
            expected = c.value();
        }
        return switch (op) {
            case StringEquals -> strings(variable, expected) && variable.asText().equals(expected.asText());
            case StringLessThan -> strings(variable, expected) && variable.asText().compareTo(expected.asText()) < 0;
            case StringGreaterThan -> strings(variable, expected) && variable.asText().compareTo(expected.asText()) > 0;
            case StringLessThanEquals -> strings(variable, expected) && variable.asText().compareTo(expected.asText()) <= 0;
            case StringGreaterThanEquals -> strings(variable, expected)
                    && variable.asText().compareTo(expected.asText()) >= 0;
            case StringMatches -> strings(variable, expected) && matches(variable.asText(), expected.asText());
            case NumericEquals -> numbers(variable, expected) && variable.decimalValue().compareTo(expected.decimalValue()) == 0;
            case NumericLessThan -> numbers(variable, expected) && variable.decimalValue().compareTo(expected.decimalValue()) < 0;
            case NumericGreaterThan -> numbers(variable, expected)
                    && variable.decimalValue().compareTo(expected.decimalValue()) > 0;
            case NumericLessThanEquals -> numbers(variable, expected)
                    && variable.decimalValue().compareTo(expected.decimalValue()) <= 0;
            case NumericGreaterThanEquals -> numbers(variable, expected)
                    && variable.decimalValue().compareTo(expected.decimalValue()) >= 0;
            case BooleanEquals -> variable.isBoolean() && expected.isBoolean()
                    && variable.asBoolean() == expected.asBoolean();
            case TimestampEquals -> timestamps(variable, expected) == 0;
            case TimestampLessThan -> timestamps(variable, expected) < 0 && timestamps(variable, expected) != NO;
            case TimestampGreaterThan -> timestamps(variable, expected) > 0 && timestamps(variable, expected) != NO;
            case TimestampLessThanEquals -> timestamps(variable, expected) <= 0 && timestamps(variable, expected) != NO;
            case TimestampGreaterThanEquals -> timestamps(variable, expected) >= 0 && timestamps(variable, expected) != NO;
            default -> throw new IllegalStateException(op.name());
        };
    }

    private static final int NO = Integer.MIN_VALUE;

    private static boolean strings(JsonNode a, JsonNode b) {
        return a.isTextual() && b.isTextual();
    }

    private static boolean numbers(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber();
    }

    /** Compares two timestamps; {@link #NO} when either is not a timestamp (every comparison is then false). */
    private static int timestamps(JsonNode a, JsonNode b) {
        if (!a.isTextual() || !b.isTextual()) {
            return NO;
        }
        Instant x = Timestamps.parse(a.asText());
        Instant y = Timestamps.parse(b.asText());
        if (x == null || y == null) {
            return NO;
        }
        return Integer.signum(x.compareTo(y));
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    static boolean matches(String value, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(ch)));
            }
        }
        return value.matches("(?s)" + regex);
    }
}
