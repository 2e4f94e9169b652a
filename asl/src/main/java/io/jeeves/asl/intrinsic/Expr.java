package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A parsed intrinsic expression: immutable, so {@link IntrinsicFunctions#evaluate} parses an expression once
 * and reuses the tree. It is complete before anything is evaluated, so arity and unknown names fail before
 * any path is resolved.
 */
sealed interface Expr {

    /** A JSON literal argument: a number, {@code true}, {@code false} or {@code null}. */
    record Literal(JsonNode value) implements Expr {
    }

    /**
     * A single-quoted string literal. {@code pieces} is the text split at the unescaped {@code {}} pairs;
     * it is kept because only States.Format cares, and {@code \{\}} must stay text there rather than become
     * a placeholder, which the decoded {@code value} alone can no longer tell.
     */
    record Text(String value, List<String> pieces) implements Expr {
        public Text {
            pieces = List.copyOf(pieces);
        }
    }

    /** A reference path ({@code $.a}, {@code $$.Execution.Id}, {@code $var}) exactly as written. */
    record Path(String path) implements Expr {
    }

    /** A nested call; {@code name} is the full name, e.g. {@code States.Format}. */
    record Call(String name, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }
}
