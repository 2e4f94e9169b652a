package io.jeeves.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.AslError;
import io.jeeves.asl.intrinsic.IntrinsicFunctions;
import io.jeeves.json.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code Parameters}, {@code ResultSelector} and {@code ItemSelector}: a JSON template whose fields
 * ending in {@code .$} take their value from a path into the input ({@code $...}), the context object
 * ({@code $$...}) or an intrinsic function ({@code States....}); the suffix is dropped from the name. The
 * context object is asked for only when a path reads it.
 */
public final class PayloadTemplate {
    private PayloadTemplate() {
    }

    /**
     * @param failure the error name when a path selects nothing (States.ParameterPathFailure for
     *     Parameters and ItemSelector)
     */
    public static JsonNode apply(JsonNode template, JsonNode input, Supplier<JsonNode> context, String failure) {
        if (template.isObject()) {
            ObjectNode out = Json.object();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String name = f.getKey();
                if (name.endsWith(".$")) {
                    out.set(name.substring(0, name.length() - 2), resolve(name, f.getValue().asText(), input, context, failure));
                } else {
                    out.set(name, apply(f.getValue(), input, context, failure));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            template.forEach(e -> out.add(apply(e, input, context, failure)));
            return out;
        }
        return template;
    }

    /** The value of one {@code .$} field. */
    static JsonNode resolve(String field, String expression, JsonNode input, Supplier<JsonNode> context, String failure) {
        if (IntrinsicFunctions.isIntrinsic(expression)) {
            return IntrinsicFunctions.evaluate(expression, path -> read(field, path, input, context, failure));
        }
        return read(field, expression, input, context, failure);
    }

    /** Reads an input path ({@code $...}) or a context path ({@code $$...}). */
    public static JsonNode read(String field, String path, JsonNode input, Supplier<JsonNode> context, String failure) {
        try {
            if (path.startsWith("$$")) {
                return JsonPaths.read(context.get(), path.substring(1));
            }
            return JsonPaths.read(input, path);
        } catch (JsonPaths.PathMissing e) {
            throw new AslError(failure, "The JSONPath '" + path + "' specified for the field '" + field
                    + "' could not be found in the input '" + Json.write(path.startsWith("$$") ? context.get() : input) + "'");
        }
    }

    /** Whether every {@code .$} field of the template holds a valid path or intrinsic call (definition check). */
    public static String problem(JsonNode template) {
        if (template.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getKey().endsWith(".$")) {
                    JsonNode v = f.getValue();
                    if (!v.isTextual()) {
                        return "the value of field '" + f.getKey() + "' must be a path or an intrinsic function";
                    }
                    String text = v.asText();
                    if (IntrinsicFunctions.isIntrinsic(text)) {
                        String wrong = IntrinsicFunctions.problem(text);
                        if (wrong != null) {
                            return "the value of field '" + f.getKey() + "' is not a valid intrinsic function call: " + wrong;
                        }
                        continue;
                    }
                    boolean ok = text.startsWith("$$") ? JsonPaths.isValid(text.substring(1)) : JsonPaths.isValid(text);
                    if (!ok) {
                        return "the value of field '" + f.getKey() + "' is not a valid JSONPath or intrinsic function: " + text;
                    }
                } else {
                    String inner = problem(f.getValue());
                    if (inner != null) {
                        return inner;
                    }
                }
            }
        } else if (template.isArray()) {
            for (JsonNode e : template) {
                String inner = problem(e);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
