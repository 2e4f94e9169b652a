package io.jeeves.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.error.JeevesException;
import io.jeeves.json.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request's arguments with strict, field-naming validation. Over HTTP they come from the path, the
 * query string (text, converted here) and the JSON body; in a direct invocation, from the JSON payload.
 * Every mistake is an INVALID_ARGUMENT naming the field, e.g. {@code quota.max_llm_calls}.
 */
public final class Args {
    private final ObjectNode values;
    private final Set<String> textual;
    private final String prefix;

    /**
     * @param textual names whose values arrived as text (path or query parameters) and may be converted
     */
    public Args(ObjectNode values, Set<String> textual, String prefix) {
        this.values = values;
        this.textual = textual;
        this.prefix = prefix;
    }

    public static Args of(ObjectNode values) {
        return new Args(values, Set.of(), "");
    }

    private String path(String name) {
        return prefix + name;
    }

    private JsonNode node(String name) {
        JsonNode n = values.get(name);
        return n == null || n.isNull() ? null : n;
    }

    public boolean has(String name) {
        return node(name) != null;
    }

    /** Refuses any field not in {@code allowed}. */
    public Args allowOnly(Set<String> allowed) {
        Iterator<String> names = values.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw JeevesException.invalidArgument(path(n), "Unknown field: " + path(n));
            }
        }
        return this;
    }

    public String requiredString(String name) {
        String s = optionalString(name);
        if (s == null || s.isEmpty()) {
            throw JeevesException.invalidArgument(path(name), "Missing required field: " + path(name));
        }
        return s;
    }

    public String optionalString(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw JeevesException.invalidArgument(path(name), path(name) + " must be a string");
        }
        return n.textValue();
    }

    /** An optional string that, when given, must not be empty. */
    public String optionalNonEmpty(String name) {
        String s = optionalString(name);
        if (s != null && s.isEmpty()) {
            throw JeevesException.invalidArgument(path(name), path(name) + " must not be empty");
        }
        return s;
    }

    public Long optionalLong(String name, long min, long max) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        BigInteger v;
        if (n.isIntegralNumber()) {
            v = n.bigIntegerValue();
        } else if (n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0) {
            v = n.decimalValue().toBigIntegerExact();
        } else if (n.isTextual() && textual.contains(name) && n.textValue().matches("-?\\d{1,30}")) {
            v = new BigInteger(n.textValue());
        } else {
            throw JeevesException.invalidArgument(path(name), path(name) + " must be an integer");
        }
        if (v.compareTo(BigInteger.valueOf(min)) < 0) {
            throw JeevesException.invalidArgument(path(name), "`" + path(name) + "` must be "
                    + (min == 0 ? "non-negative" : "at least " + min) + ", got " + v);
        }
        if (v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw JeevesException.invalidArgument(path(name), "`" + path(name) + "` value " + v + " exceeds "
                    + (max == Integer.MAX_VALUE ? "i32 range" : max == Long.MAX_VALUE ? "i64 range" : "the maximum " + max));
        }
        return v.longValue();
    }

    /** A number, or null when absent (its range is the domain's to check, naming the field). */
    public Double optionalDouble(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual() && textual.contains(name) && n.textValue().matches("-?\\d{1,20}(\\.\\d{1,20})?")) {
            return Double.parseDouble(n.textValue());
        }
        throw JeevesException.invalidArgument(path(name), path(name) + " must be a number");
    }

    public Integer optionalInt(String name, int min, int max) {
        Long v = optionalLong(name, min, max);
        return v == null ? null : v.intValue();
    }

    public long longOrZero(String name, long max) {
        Long v = optionalLong(name, 0, max);
        return v == null ? 0 : v;
    }

    public Boolean optionalBoolean(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual() && textual.contains(name)) {
            String t = n.textValue().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.valueOf(t);
            }
        }
        throw JeevesException.invalidArgument(path(name), path(name) + " must be a boolean");
    }

    public boolean booleanOr(String name, boolean fallback) {
        Boolean b = optionalBoolean(name);
        return b == null ? fallback : b;
    }

    /** A nested object's arguments, or null when absent. */
    public Args optionalObject(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw JeevesException.invalidArgument(path(name), path(name) + " must be an object");
        }
        return new Args((ObjectNode) n, Set.of(), path(name) + ".");
    }

    /** A list of objects, each with its own arguments (named {@code name[i].field}), or null when absent. */
    public List<Args> optionalObjectList(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw JeevesException.invalidArgument(path(name), path(name) + " must be an array of objects");
        }
        List<Args> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            if (!item.isObject()) {
                throw JeevesException.invalidArgument(path(name) + "[" + i + "]", path(name) + "[" + i + "] must be an object");
            }
            out.add(new Args((ObjectNode) item, Set.of(), path(name) + "[" + i + "]."));
        }
        return out;
    }

    /** The largest free-form JSON object kept, serialised (items must stay far below DynamoDB's 400 KB). */
    public static final int MAX_JSON_OBJECT_BYTES = 64 * 1024;

    /** A free-form JSON object (at most 64 KiB serialised) as maps, lists and scalars, or null when absent. */
    public Map<String, Object> optionalJsonObject(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw JeevesException.invalidArgument(path(name), path(name) + " must be an object");
        }
        if (Json.writeBytes(n).length > MAX_JSON_OBJECT_BYTES) {
            throw JeevesException.invalidArgument(path(name), path(name) + " must be at most "
                    + MAX_JSON_OBJECT_BYTES + " bytes of JSON");
        }
        return Json.toMap(n);
    }

    /** A list of strings: a JSON array, or comma-separated text from a query string. */
    public List<String> optionalStringList(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n.isTextual() && textual.contains(name)) {
            for (String part : n.textValue().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (!n.isArray()) {
            throw JeevesException.invalidArgument(path(name), path(name) + " must be an array of strings");
        }
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw JeevesException.invalidArgument(path(name), path(name) + " must be an array of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** An object of non-negative 32-bit integers whose names must be among {@code allowed}. */
    public Map<String, Integer> intFields(List<String> allowed) {
        allowOnly(Set.copyOf(allowed));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String f : allowed) {
            Integer v = optionalInt(f, 0, Integer.MAX_VALUE);
            if (v != null) {
                out.put(f, v);
            }
        }
        return out;
    }
}
