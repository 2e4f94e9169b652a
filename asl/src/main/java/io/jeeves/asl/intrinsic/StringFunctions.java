package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jeeves.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;
import java.util.UUID;

/** States.Format, States.StringSplit and States.UUID. */
final class StringFunctions {
    private StringFunctions() {
    }

    /**
     * Replaces each {@code {}} of the template with the next argument; there must be exactly as many
     * arguments as placeholders. In a literal template {@code \{\}} is text, not a placeholder; a template
     * that comes from a path or another function has no escapes, so every {@code {}} in it counts.
     */
    static JsonNode format(Args args) {
        String template = args.string(0);
        List<String> pieces = args.source(0) instanceof Expr.Text text
                ? text.pieces()
                : Arrays.asList(template.split("\\{}", -1));
        int placeholders = pieces.size() - 1;
        if (placeholders != args.size() - 1) {
            throw args.fail("the template has " + placeholders + " placeholder(s) but " + (args.size() - 1)
                    + " value(s) were given");
        }
        StringBuilder out = new StringBuilder(pieces.get(0));
        for (int i = 1; i < pieces.size(); i++) {
            appendValue(out, args.any(i));
            out.append(pieces.get(i));
        }
        return TextNode.valueOf(out.toString());
    }

    /**
     * How AWS prints a value into a template: strings as they are, other scalars as JSON text, and
     * containers the way Java prints maps and lists ({@code {Arg1=1, Arg2=[a, b]}}), with nested strings
     * unquoted. The container form is what recorded AWS executions show, not JSON.
     */
    static void appendValue(StringBuilder out, JsonNode value) {
        if (value.isTextual()) {
            out.append(value.textValue());
        } else if (value.isArray()) {
            appendArray(out, value);
        } else if (value.isObject()) {
            appendObject(out, value);
        } else {
            out.append(Json.write(value));
        }
    }

    private static void appendArray(StringBuilder out, JsonNode array) {
        out.append('[');
        String separator = "";
        for (JsonNode item : array) {
            out.append(separator);
            appendValue(out, item);
            separator = ", ";
        }
        out.append(']');
    }

    private static void appendObject(StringBuilder out, JsonNode object) {
        out.append('{');
        String separator = "";
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            out.append(separator).append(field.getKey()).append('=');
            appendValue(out, field.getValue());
            separator = ", ";
        }
        out.append('}');
    }

    /**
     * Splits at any of the delimiter characters, dropping empty pieces: AWS returns {@code []} for
     * {@code ",,,,"} and {@code [" ", " "]} for {@code ", , ,"}, which is exactly {@link StringTokenizer}.
     */
    static JsonNode split(Args args) {
        String input = args.string(0);
        String delimiters = args.string(1);
        ArrayNode result = Json.MAPPER.createArrayNode();
        StringTokenizer tokens = new StringTokenizer(input, delimiters);
        while (tokens.hasMoreTokens()) {
            result.add(tokens.nextToken());
        }
        return result;
    }

    /** A random (version 4) UUID in its canonical lower-case form. */
    static JsonNode uuid(Args args) {
        return TextNode.valueOf(UUID.randomUUID().toString());
    }
}
