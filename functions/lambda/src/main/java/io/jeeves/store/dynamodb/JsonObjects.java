package io.jeeves.store.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import io.jeeves.json.Json;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free-form JSON objects (maps, lists and scalars) kept as JSON text in an attribute. Numbers come back in
 * one canonical form, since the text cannot tell an {@code int} from a {@code long}: whole numbers as
 * Integer, Long or BigInteger (the smallest that holds them) or, with {@link Integers#LONG}, as Long unless
 * they need a BigInteger; a decimal whose text is exactly how a double prints ({@code 0.5}) as a Double, so
 * what a caller wrote as a double reads back equal, and a decimal a double cannot hold ({@code 0.10},
 * {@code 1.000000000000000000001}) as an exact BigDecimal.
 */
final class JsonObjects {
    /** How whole numbers read back. */
    enum Integers { SMALLEST, LONG }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final ObjectReader READER = Json.MAPPER.readerFor(MAP);

    private JsonObjects() {
    }

    static Map<String, Object> read(String json, Integers integers) {
        try {
            Map<String, Object> raw = READER.readValue(json);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) canonical(raw, integers);
            return m;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object canonical(Object value, Integers integers) {
        if (value instanceof Integer i && integers == Integers.LONG) {
            return i.longValue();
        }
        if (value instanceof BigDecimal d) {
            double v = d.doubleValue();
            return Double.isFinite(v) && new BigDecimal(Double.toString(v)).equals(d) ? (Object) v : d;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, canonical(v, integers)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(canonical(v, integers)));
            return out;
        }
        return value;
    }
}
