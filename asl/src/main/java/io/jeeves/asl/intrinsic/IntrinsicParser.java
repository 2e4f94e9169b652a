package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jeeves.asl.AslError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-written recursive-descent parser for one intrinsic invocation. The grammar is small:
 *
 * <pre>
 * call     := 'States.' NAME '(' [ argument { ',' argument } ] ')'
 * argument := 'string' | number | true | false | null | path | call
 * </pre>
 *
 * A regular expression cannot do this because arguments nest and paths may hold commas and parentheses
 * inside brackets ({@code $.a[?(@.b, 1)]}). Whitespace is allowed between tokens.
 */
final class IntrinsicParser {
    /** AWS allows up to 10 intrinsic functions nested within one field. */
    static final int MAX_DEPTH = 10;

    private static final String PREFIX = "States.";
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String text;
    private int pos;
    private int depth;

    private IntrinsicParser(String text) {
        this.text = text;
    }

    /** Parses a whole expression, which must be exactly one call with nothing but whitespace after it. */
    static Expr.Call parse(String expression) {
        if (expression == null) {
            throw AslError.intrinsic("Intrinsic function expression is null");
        }
        IntrinsicParser parser = new IntrinsicParser(expression);
        parser.skipSpace();
        Expr.Call call = parser.call();
        parser.skipSpace();
        if (!parser.atEnd()) {
            throw parser.syntax("unexpected text after the closing ')'");
        }
        return call;
    }

    private Expr.Call call() {
        int start = pos;
        if (!text.startsWith(PREFIX, pos)) {
            throw syntax("expected an intrinsic function starting with 'States.'");
        }
        pos += PREFIX.length();
        while (!atEnd() && Character.isLetterOrDigit(peek())) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (name.length() == PREFIX.length()) {
            throw syntax("expected a function name after 'States.'");
        }
        FunctionCatalog.requireKnown(name);
        if (++depth > MAX_DEPTH) {
            throw AslError.intrinsic(name + ": intrinsic functions may be nested at most " + MAX_DEPTH + " deep");
        }
        List<Expr> arguments = argumentList(name);
        depth--;
        FunctionCatalog.requireArity(name, arguments.size());
        return new Expr.Call(name, arguments);
    }

    private List<Expr> argumentList(String name) {
        skipSpace();
        expect('(', name);
        List<Expr> arguments = new ArrayList<>();
        skipSpace();
        if (!atEnd() && peek() == ')') {
            pos++;
            return arguments;
        }
        while (true) {
            skipSpace();
            arguments.add(argument(name));
            skipSpace();
            if (atEnd()) {
                throw syntax(name + ": missing ')'");
            }
            char c = text.charAt(pos++);
            if (c == ')') {
                return arguments;
            }
            if (c != ',') {
                pos--;
                throw syntax(name + ": expected ',' or ')' but found '" + c + "'");
            }
        }
    }

    private Expr argument(String name) {
        if (atEnd()) {
            throw syntax(name + ": missing argument");
        }
        char c = peek();
        if (c == '\'') {
            return text();
        }
        if (c == '$') {
            return path();
        }
        if (c == '-' || isDigit(c)) {
            return number(name);
        }
        if (text.startsWith(PREFIX, pos)) {
            return call();
        }
        return keyword(name);
    }

    private Expr keyword(String name) {
        int start = pos;
        while (!atEnd() && Character.isLetterOrDigit(peek())) {
            pos++;
        }
        String word = text.substring(start, pos);
        switch (word) {
            case "true":
                return new Expr.Literal(BooleanNode.TRUE);
            case "false":
                return new Expr.Literal(BooleanNode.FALSE);
            case "null":
                return new Expr.Literal(NullNode.instance);
            default:
                pos = start;
                String found = word.isEmpty() ? String.valueOf(peek()) : word;
                throw syntax(name + ": invalid argument '" + found + "' (expected a 'string', a number, true, false, "
                        + "null, a path or an intrinsic function)");
        }
    }

    /** Reads a single-quoted literal, decoding the four escapes AWS defines and refusing any other. */
    private Expr.Text text() {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        StringBuilder piece = new StringBuilder();
        List<String> pieces = new ArrayList<>();
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '\'') {
                pieces.add(piece.toString());
                return new Expr.Text(value.toString(), pieces);
            }
            if (c == '\\') {
                c = escaped();
            } else if (c == '{' && !atEnd() && peek() == '}') {
                pos++;
                pieces.add(piece.toString());
                piece.setLength(0);
                value.append("{}");
                continue;
            }
            value.append(c);
            piece.append(c);
        }
        pos = start;
        throw syntax("unterminated string literal");
    }

    private char escaped() {
        if (atEnd()) {
            throw syntax("open escape '\\' at the end of the expression");
        }
        char c = text.charAt(pos);
        if (c != '\'' && c != '{' && c != '}' && c != '\\') {
            pos--;
            throw syntax("invalid escape '\\" + c + "' (only \\', \\{, \\} and \\\\ are allowed)");
        }
        pos++;
        return c;
    }

    /**
     * Reads a path up to the ',' or ')' that ends the argument. Brackets, parentheses and quotes inside the
     * path are tracked so that filters such as {@code $.a[?(@.b == 'x, y')]} stay whole.
     */
    private Expr.Path path() {
        int start = pos;
        int brackets = 0;
        int parens = 0;
        char quote = 0;
        while (!atEnd()) {
            char c = peek();
            if (quote != 0) {
                if (c == '\\') {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (brackets > 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            } else if (c == '(') {
                parens++;
            } else if (c == ')' && parens > 0) {
                parens--;
            } else if (brackets == 0 && parens == 0 && (c == ',' || c == ')' || Character.isWhitespace(c))) {
                break;
            }
            pos++;
        }
        if (quote != 0 || brackets != 0 || parens != 0) {
            pos = start;
            throw syntax("unbalanced brackets or quotes in path");
        }
        return new Expr.Path(text.substring(start, pos));
    }

    private Expr.Literal number(String name) {
        Matcher m = NUMBER.matcher(text).region(pos, text.length());
        if (!m.lookingAt() || (m.end() < text.length() && isNumberTail(text.charAt(m.end())))) {
            throw syntax(name + ": invalid number");
        }
        pos = m.end();
        return new Expr.Literal(numberNode(m.group(), m.group(2) != null || m.group(3) != null));
    }

    private static boolean isNumberTail(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$';
    }

    /** Builds the same node type Jeeves' JSON mapper would: int, long or big integer; decimals as BigDecimal. */
    private static JsonNode numberNode(String literal, boolean decimal) {
        if (decimal) {
            return DecimalNode.valueOf(new BigDecimal(literal));
        }
        BigInteger value = new BigInteger(literal);
        if (value.bitLength() < Integer.SIZE) {
            return IntNode.valueOf(value.intValue());
        }
        if (value.bitLength() < Long.SIZE) {
            return LongNode.valueOf(value.longValue());
        }
        return BigIntegerNode.valueOf(value);
    }

    private void expect(char c, String name) {
        if (atEnd() || peek() != c) {
            throw syntax(name + ": expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private AslError syntax(String problem) {
        return AslError.intrinsic("Invalid intrinsic function call '" + text + "': " + problem + " at position " + pos);
    }
}
