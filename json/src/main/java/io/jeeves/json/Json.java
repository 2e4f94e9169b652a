package io.jeeves.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one JSON setup of Jeeves: snake_case names, duplicate keys refused, big numbers kept exact so
 * overflow is detected rather than rounded.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Json() {
    }

    public static JsonNode read(InputStream in) throws IOException {
        return MAPPER.readTree(in);
    }

    /** Parses text; malformed JSON is an {@link IOException} with the parser's location. */
    public static JsonNode read(byte[] bytes) throws IOException {
        JsonNode node = MAPPER.readTree(bytes);
        return node == null ? MAPPER.missingNode() : node;
    }

    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends {@code text} as a JSON string literal (quotes, backslashes and control characters escaped, as
     * Jackson writes them): for code that renders JSON text directly, without a tree.
     */
    public static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(text, start, i).append('\\');
                switch (c) {
                    case '"', '\\' -> out.append(c);
                    case '\n' -> out.append('n');
                    case '\r' -> out.append('r');
                    case '\t' -> out.append('t');
                    case '\b' -> out.append('b');
                    case '\f' -> out.append('f');
                    default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
                start = i + 1;
            }
        }
        return out.append(text, start, text.length()).append('"');
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A JSON object as plain maps, lists and scalars (how the domain holds free-form data). */
    public static Map<String, Object> toMap(JsonNode node) {
        return MAPPER.convertValue(node, MAP);
    }

    public static Map<String, Object> parseMap(String text) {
        try {
            return MAPPER.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
