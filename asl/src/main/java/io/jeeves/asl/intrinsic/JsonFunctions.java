package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jeeves.json.Json;

/** States.StringToJson, States.JsonToString and States.JsonMerge. */
final class JsonFunctions {
    /** Jeeves' mapper, but refusing "1 2": the whole string must be one JSON value. */
    private static final ObjectReader STRICT_READER = Json.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonFunctions() {
    }

    /**
     * Parses a string holding JSON text. An empty or blank string gives {@code null}, as recorded AWS
     * executions show; anything else that is not exactly one JSON value is an error.
     */
    static JsonNode stringToJson(Args args) {
        String text = args.string(0);
        if (text.isBlank()) {
            return NullNode.instance;
        }
        try {
            JsonNode parsed = STRICT_READER.readValue(text);
            return parsed == null ? NullNode.instance : parsed;
        } catch (JsonProcessingException e) {
            throw args.fail("argument 1 is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Compact JSON text of any value (AWS: {@code {"foo":"bar"}} without spaces). */
    static JsonNode jsonToString(Args args) {
        return TextNode.valueOf(Json.write(args.any(0)));
    }

    /**
     * Shallow merge: keys of the second object replace those of the first, nested objects are not merged.
     * AWS only supports the shallow mode, so the third argument must be the boolean {@code false}.
     */
    static JsonNode jsonMerge(Args args) {
        ObjectNode first = args.object(0);
        ObjectNode second = args.object(1);
        if (args.bool(2)) {
            throw args.fail("deep merging is not supported; argument 3 must be false");
        }
        ObjectNode merged = first.deepCopy();
        merged.setAll(second);
        return merged;
    }
}
