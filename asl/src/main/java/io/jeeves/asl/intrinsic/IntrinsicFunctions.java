package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The intrinsic functions of the Amazon States Language ({@code States.Format}, {@code States.Array}, ...),
 * as used in payload templates of JSONPath states ({@code "key.$": "States.Format('{}', $.name)"}).
 *
 * <p>Semantics follow the AWS Step Functions documentation, and where it is silent, what real executions
 * show (for example how States.Format prints objects, or that States.StringSplit drops empty pieces).
 * Every failure, from a syntax error to an out-of-range index, is an {@link io.jeeves.asl.AslError} named
 * {@code States.IntrinsicFailure} whose cause names the function, so that Retry and Catch can handle it.
 */
public final class IntrinsicFunctions {
    private static final Pattern CALL_SHAPE =
            Pattern.compile("States\\.[A-Za-z0-9]+\\s*\\(.*\\)\\s*", Pattern.DOTALL);
    /** Parsed expressions by their text (they come from definitions, so there are few); failures are not kept. */
    private static final Map<String, Expr.Call> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_MAX = 10_000;

    private IntrinsicFunctions() {
    }

    /**
     * True when a payload-template value is an intrinsic function call (starts with "States." and has a
     * parenthesised argument list). This only looks at the shape; {@link #evaluate} does the full parse.
     */
    public static boolean isIntrinsic(String value) {
        if (value == null || !value.startsWith("States.")) {
            return false;
        }
        if (PARSED.containsKey(value)) {
            return true; // evaluated before
        }
        return CALL_SHAPE.matcher(value).matches();
    }

    /**
     * Evaluates an intrinsic call such as {@code States.Format('Hello, {}!', $.name)}. JSONPath arguments
     * ({@code $...}, or {@code $$...} context-object paths) are resolved with {@code paths}, which gets the
     * path exactly as written and throws AslError itself when it does not resolve; a Java {@code null} from
     * it is taken as JSON null. Nested intrinsic calls are allowed as arguments. Any problem (syntax, unknown
     * function, wrong argument count or type, out-of-range values) is an AslError with error
     * States.IntrinsicFailure and a cause naming the function.
     *
     * <p>The expression is parsed once, completely, before anything is evaluated. The result shares no
     * nodes with the documents {@code paths} returned, so callers may modify it freely.
     */
    /** What is wrong with an intrinsic call's syntax, function name or argument count; null if nothing. */
    public static String problem(String expression) {
        try {
            IntrinsicParser.parse(expression);
            return null;
        } catch (io.jeeves.asl.AslError e) {
            return e.cause();
        }
    }

    public static JsonNode evaluate(String expression, Function<String, JsonNode> paths) {
        Objects.requireNonNull(paths, "paths");
        return evaluate(parse(expression), paths).deepCopy();
    }

    /** The parsed expression, from the cache when it was parsed before (the tree is immutable). */
    private static Expr.Call parse(String expression) {
        Expr.Call call = expression == null ? null : PARSED.get(expression);
        if (call == null) {
            call = IntrinsicParser.parse(expression);
            if (PARSED.size() >= PARSED_MAX) {
                PARSED.clear(); // a bound, not an eviction policy: definitions hold far fewer expressions
            }
            PARSED.put(expression, call);
        }
        return call;
    }

    private static JsonNode evaluate(Expr expr, Function<String, JsonNode> paths) {
        if (expr instanceof Expr.Literal literal) {
            return literal.value();
        }
        if (expr instanceof Expr.Text text) {
            return TextNode.valueOf(text.value());
        }
        if (expr instanceof Expr.Path path) {
            JsonNode value = paths.apply(path.path());
            return value == null ? NullNode.instance : value;
        }
        Expr.Call call = (Expr.Call) expr;
        List<JsonNode> values = new ArrayList<>(call.arguments().size());
        for (Expr argument : call.arguments()) {
            values.add(evaluate(argument, paths));
        }
        Args args = new Args(call.name(), values, call.arguments());
        return FunctionCatalog.spec(call.name()).body().apply(args);
    }
}
