package io.jeeves.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.jeeves.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONPath as the States language uses it. {@link #read} evaluates any path (filters and wildcards
 * included) against a Jackson tree; {@link #set} writes at a reference path (fields and indexes only),
 * creating missing objects on the way, as {@code ResultPath} does.
 */
public final class JsonPaths {
    private static final Configuration CONFIG = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(java.util.EnumSet.noneOf(Option.class))
            .build();
    private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();
    /** Reference paths (fields and indexes only) as segments; other paths map to {@link #NOT_SIMPLE}. */
    private static final Map<String, List<Object>> SIMPLE = new ConcurrentHashMap<>();
    private static final List<Object> NOT_SIMPLE = List.of(new Object());

    private JsonPaths() {
    }

    /** Whether {@code path} is a syntactically valid JSONPath starting with {@code $}. */
    public static boolean isValid(String path) {
        if (path == null || !path.startsWith("$") || !balanced(path)) {
            return false;
        }
        try {
            compile(path);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Brackets, parentheses and quotes closed, no trailing dot: Jayway compiles some paths that are not. */
    private static boolean balanced(String path) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                if (--depth < 0) {
                    return false;
                }
            }
        }
        return depth == 0 && quote == 0 && !path.endsWith(".");
    }

    private static JsonPath compile(String path) {
        return COMPILED.computeIfAbsent(path, JsonPath::compile);
    }

    /**
     * The value at {@code path}; an indefinite path (wildcards, filters) gives an array of matches.
     *
     * @throws PathMissing when the path selects nothing
     */
    public static JsonNode read(JsonNode document, String path) {
        if (path.equals("$")) {
            return document;
        }
        List<Object> simple = SIMPLE.computeIfAbsent(path, JsonPaths::simpleSegments);
        if (simple != NOT_SIMPLE) {
            return walk(document, path, simple);
        }
        JsonPath compiled;
        try {
            compiled = compile(path);
        } catch (InvalidPathException e) {
            throw new PathMissing(path, "invalid path");
        }
        try {
            Object result = compiled.read(document, CONFIG);
            return result instanceof JsonNode n ? n : Json.tree(result);
        } catch (PathNotFoundException e) {
            throw new PathMissing(path, e.getMessage());
        } catch (RuntimeException e) { // Jayway reports type mismatches in many ways
            throw new PathMissing(path, e.getMessage());
        }
    }

    private static List<Object> simpleSegments(String path) {
        try {
            return parseReference(path);
        } catch (IllegalArgumentException e) {
            return NOT_SIMPLE;
        }
    }

    /** Follows fields and indexes, as Jayway does for such a path: anything absent on the way is missing. */
    private static JsonNode walk(JsonNode document, String path, List<Object> segments) {
        JsonNode current = document;
        for (Object segment : segments) {
            JsonNode next = segment instanceof Integer index
                    ? (current.isArray() ? current.get(index) : null)
                    : (current.isObject() ? current.get((String) segment) : null);
            if (next == null) {
                throw new PathMissing(path, "No results for path: " + path);
            }
            current = next;
        }
        return current;
    }

    /** Whether {@code path} selects something in {@code document}. */
    public static boolean exists(JsonNode document, String path) {
        try {
            read(document, path);
            return true;
        } catch (PathMissing e) {
            return false;
        }
    }

    /** Whether {@code path} is a reference path: fields and array indexes only, one node. */
    public static boolean isReferencePath(String path) {
        try {
            segments(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * {@code document} with {@code value} placed at the reference path {@code path}, creating missing
     * objects; {@code $} replaces the document. The document is not modified.
     *
     * @throws PathMissing when the path crosses a value that is not an object (or an array, for an index)
     */
    public static JsonNode set(JsonNode document, String path, JsonNode value) {
        List<Object> segs = segments(path);
        if (segs.isEmpty()) {
            return value;
        }
        JsonNode root = document.deepCopy();
        JsonNode current = root;
        for (int i = 0; i < segs.size(); i++) {
            Object seg = segs.get(i);
            boolean last = i == segs.size() - 1;
            if (seg instanceof String field) {
                if (!(current instanceof ObjectNode obj)) {
                    throw new PathMissing(path, "cannot set field '" + field + "' on a " + current.getNodeType());
                }
                if (last) {
                    obj.set(field, value);
                } else {
                    JsonNode next = obj.get(field);
                    if (next == null || next.isNull()) {
                        next = obj.putObject(field);
                    }
                    current = next;
                }
            } else {
                int index = (Integer) seg;
                if (!(current instanceof ArrayNode arr) || index >= arr.size()) {
                    throw new PathMissing(path, "no array element " + index);
                }
                if (last) {
                    arr.set(index, value);
                } else {
                    current = arr.get(index);
                }
            }
        }
        return root;
    }

    /** A reference path's segments: field names (String) and indexes (Integer). */
    static List<Object> segments(String path) {
        List<Object> segments = SIMPLE.computeIfAbsent(path, JsonPaths::simpleSegments);
        return segments != NOT_SIMPLE ? segments : parseReference(path); // parsed again: throws why it is not one
    }

    private static List<Object> parseReference(String path) {
        if (path == null || !path.startsWith("$") || path.startsWith("$$")) {
            throw new IllegalArgumentException("a reference path starts with $");
        }
        List<Object> out = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    char d = path.charAt(i);
                    if (d == '*' || d == '@' || d == ',' || d == ':' || d == '?' || d == '(' || d == ')') {
                        throw new IllegalArgumentException("not a reference path: " + path);
                    }
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("empty field in " + path);
                }
                out.add(path.substring(start, i));
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [ in " + path);
                }
                String inner = path.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                        || inner.startsWith("\"") && inner.endsWith("\""))) {
                    out.add(inner.substring(1, inner.length() - 1));
                } else if (inner.matches("\\d+")) {
                    out.add(Integer.parseInt(inner));
                } else {
                    throw new IllegalArgumentException("not a reference path: " + path);
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in " + path);
            }
        }
        return List.copyOf(out);
    }

    /** A path that selects nothing (or cannot be applied). */
    public static final class PathMissing extends RuntimeException {
        private final String path;

        public PathMissing(String path, String detail) {
            super("The JSONPath '" + path + "' could not be found in the input" + (detail == null ? "" : " (" + detail + ")"));
            this.path = path;
        }

        public String path() {
            return path;
        }
    }
}
