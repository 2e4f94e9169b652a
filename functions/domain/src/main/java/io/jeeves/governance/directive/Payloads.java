package io.jeeves.governance.directive;

import io.jeeves.error.JeevesException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a free-form JSON object held as maps, lists and scalars, and copies it deeply so that nobody can
 * change it afterwards. The domain has no JSON library, so the size is that of its compact JSON text
 * counted without escapes: a lower bound within a few bytes per string of what the HTTP layer measures.
 * A direct (system) invocation is held to the same limits as an HTTP body.
 */
final class Payloads {
    static final int MAX_DEPTH = 32;

    private Payloads() {
    }

    static Map<String, Object> copyOf(String field, Map<String, Object> payload, int maxBytes) {
        if (payload == null) {
            return Map.of();
        }
        long[] size = {0};
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copy(field, payload, 0, size);
        if (size[0] > maxBytes) {
            throw JeevesException.invalidArgument(field, field + " must be at most " + maxBytes + " bytes of JSON");
        }
        return copy;
    }

    private static Object copy(String path, Object value, int depth, long[] size) {
        if (depth > MAX_DEPTH) {
            throw JeevesException.invalidArgument(path, path + " nests deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null) {
            size[0] += 4;
            return null;
        }
        if (value instanceof String s) {
            size[0] += s.getBytes(StandardCharsets.UTF_8).length + 2L;
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            size[0] += value.toString().length();
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            size[0] += 2 + Math.max(0, m.size() - 1);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw JeevesException.invalidArgument(path, path + " must have text keys");
                }
                size[0] += key.getBytes(StandardCharsets.UTF_8).length + 3L;
                out.put(key, copy(path + "." + key, e.getValue(), depth + 1, size));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            size[0] += 2 + Math.max(0, l.size() - 1);
            for (int i = 0; i < l.size(); i++) {
                out.add(copy(path + "[" + i + "]", l.get(i), depth + 1, size));
            }
            return Collections.unmodifiableList(out);
        }
        throw JeevesException.invalidArgument(path, path + " holds a " + value.getClass().getSimpleName()
                + ", which is not a JSON value");
    }
}
