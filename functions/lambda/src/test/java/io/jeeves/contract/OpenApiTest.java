package io.jeeves.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.RouteSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/openapi.yaml and the routes the functions serve agree, in both directions. */
class OpenApiTest {
    static JsonNode spec;

    @BeforeAll
    static void load() throws IOException {
        spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../docs/openapi.yaml").toFile());
    }

    @Test
    void isOpenApi31WithBearerJwt() {
        assertThat(spec.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(spec.path("components").path("securitySchemes").path("jwt").path("scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyRouteIsDocumentedAndNothingElse() {
        Set<String> served = new TreeSet<>();
        Catalog.functions().forEach(f -> f.routes().forEach(r -> served.add(r.routeKey())));
        Set<String> documented = new TreeSet<>();
        spec.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void eachOperationNamesItsFunctionScopesAndStatuses() {
        List<String> problems = new ArrayList<>();
        for (FunctionSpec f : Catalog.functions()) {
            for (RouteSpec r : f.routes()) {
                JsonNode op = spec.path("paths").path(r.path()).path(r.method().toLowerCase(Locale.ROOT));
                if (!f.name().equals(op.path("x-jeeves-function").asText())) {
                    problems.add(r.routeKey() + ": x-jeeves-function is not " + f.name());
                }
                Set<String> scopes = new HashSet<>();
                JsonNode security = op.has("security") ? op.path("security") : spec.path("security");
                security.forEach(req -> req.path("jwt").forEach(s -> scopes.add(s.asText())));
                if (!scopes.equals(Set.copyOf(r.scopes()))) {
                    problems.add(r.routeKey() + ": scopes " + scopes + " != " + r.scopes());
                }
                for (String status : List.of(Integer.toString(r.successStatus()), "400", "401")) {
                    if (!op.path("responses").has(status)) {
                        problems.add(r.routeKey() + ": no " + status + " response");
                    }
                }
                if (!r.path().contains("{") && r.method().equals("GET") && op.has("requestBody")) {
                    problems.add(r.routeKey() + ": a GET with a body");
                }
                for (String param : pathParameters(r.path())) {
                    boolean declared = false;
                    for (JsonNode p : op.path("parameters")) {
                        declared |= p.path("name").asText().equals(param) && p.path("in").asText().equals("path");
                    }
                    if (!declared) {
                        problems.add(r.routeKey() + ": path parameter " + param + " not declared");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReferenceResolves() {
        List<String> missing = new ArrayList<>();
        collectRefs(spec, missing);
        assertThat(missing).isEmpty();
    }

    private static void collectRefs(JsonNode node, List<String> missing) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String pointer = ref.asText().substring(1); // "#/components/..." -> "/components/..."
                if (spec.at(pointer).isMissingNode()) {
                    missing.add(ref.asText());
                }
            }
            node.elements().forEachRemaining(n -> collectRefs(n, missing));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(n -> collectRefs(n, missing));
        }
    }

    private static List<String> pathParameters(String path) {
        List<String> out = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.startsWith("{")) {
                out.add(seg.substring(1, seg.length() - 1));
            }
        }
        return out;
    }
}
