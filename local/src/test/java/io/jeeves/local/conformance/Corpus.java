package io.jeeves.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conformance corpus ({@code conformance/machines}, see its README): state machines with an input,
 * an optional Context Object and the expected result, and the README's rules for comparing a result.
 */
public final class Corpus {

    /** One machine of the corpus. */
    public record Case(String name, String definition, JsonNode input, JsonNode context, JsonNode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Corpus() {
    }

    /** The corpus folder, found from the module's directory or the repository root. */
    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path machines = p.resolve("conformance").resolve("machines");
            if (Files.isDirectory(machines)) {
                return machines;
            }
        }
        throw new IllegalStateException("conformance/machines not found above " + Path.of("").toAbsolutePath());
    }

    public static List<Case> load() {
        try (Stream<Path> dirs = Files.list(root())) {
            List<Case> cases = new ArrayList<>();
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path context = dir.resolve("context.json");
                cases.add(new Case(dir.getFileName().toString(), Files.readString(dir.resolve("definition.asl.json")),
                        Json.read(Files.readString(dir.resolve("input.json"))),
                        Files.exists(context) ? Json.read(Files.readString(context)) : null,
                        Json.read(Files.readString(dir.resolve("expected.json")))));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares a finished execution with the expectation.
     *
     * @return what differs, empty when the result conforms
     */
    public static List<String> differences(Case c, String status, JsonNode output, String error, String cause) {
        JsonNode exp = c.expected();
        List<String> diffs = new ArrayList<>();
        if (!exp.path("status").asText().equals(status)) {
            diffs.add("status " + status + " (error " + error + ", cause " + cause + "), expected " + exp.path("status").asText());
            return diffs;
        }
        if (exp.has("output") && !sameValue(exp.get("output"), output)) {
            diffs.add("output " + output + ", expected " + exp.get("output"));
        }
        if (exp.has("error") && !exp.get("error").asText().equals(error)) {
            diffs.add("error " + error + " (cause " + cause + "), expected " + exp.get("error").asText());
        }
        if (exp.has("cause") && !exp.get("cause").asText().equals(cause)) {
            diffs.add("cause " + cause + ", expected " + exp.get("cause").asText());
        }
        if (exp.has("causeContains") && (cause == null || !cause.contains(exp.get("causeContains").asText()))) {
            diffs.add("cause " + cause + ", expected to contain " + exp.get("causeContains").asText());
        }
        return diffs;
    }

    /** JSON equality where numbers compare by value (10 equals 10.0) and object key order does not matter. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            var names = a.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!sameValue(a.get(n), b.get(n))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
