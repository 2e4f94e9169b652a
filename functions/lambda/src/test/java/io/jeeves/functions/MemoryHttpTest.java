package io.jeeves.functions;

import static io.jeeves.testing.Functions.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.kernel.Caller;
import io.jeeves.testing.Functions.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The semantic memory routes through their real handlers, as API Gateway delivers them, against DynamoDB Local
 * (embeddings: the hashing provider the tests configure).
 */
class MemoryHttpTest {
    // a fresh pair for each test (JUnit makes an instance per test): no test sees another's documents
    private final String user = "u-" + UUID.randomUUID();
    private final String other = "o-" + UUID.randomUUID();

    private Response index(String as, Map<String, Object> body) {
        return http("IndexMemory").as(as).body(body).send();
    }

    private Response search(String as, String q, String topK) {
        var r = http("SearchMemory").as(as).query("q", q);
        return (topK == null ? r : r.query("top_k", topK)).send();
    }

    private static void assertProblem(Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.code()).isEqualTo(code);
        if (field != null) {
            assertThat(r.field()).isEqualTo(field);
        }
    }

    @Test
    void indexedDocumentsAreFoundBestFirstWithScoresAndNeverVectors() {
        Response created = index(user, Map.of("id", "deploy", "text", "the staging deployment failed on the database "
                + "migration", "summary", "staging deploy failure", "source", "art_1"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().path("id").asText()).isEqualTo("deploy");
        assertThat(created.body().path("dimensions").asInt()).isEqualTo(256);
        assertThat(created.body().has("vector")).isFalse();
        assertThat(index(user, Map.of("text", "quarterly marketing budget review")).status()).isEqualTo(201);

        Response found = search(user, "why did the staging deployment fail", "1");
        assertThat(found.status()).isEqualTo(200);
        JsonNode results = found.body().path("results");
        assertThat(results).hasSize(1);
        JsonNode hit = results.get(0);
        assertThat(hit.path("id").asText()).isEqualTo("deploy");
        assertThat(hit.path("summary").asText()).isEqualTo("staging deploy failure");
        assertThat(hit.path("source").asText()).isEqualTo("art_1");
        assertThat(hit.path("score").asDouble()).isBetween(0.3, 1.0);
        assertThat(hit.path("created_at").asText()).endsWith("Z");
        assertThat(found.body().toString()).doesNotContain("vector").doesNotContain("embedding");
        assertThat(search(user, "anything", null).body().path("results")).hasSize(2);
    }

    @Test
    void aRetryIsAnswered200AndAnotherTextUnderTheIdIs409() {
        Map<String, Object> doc = Map.of("id", "note-1", "text", "remember the milk");
        assertThat(index(user, doc).status()).isEqualTo(201);
        Response again = index(user, doc);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("id").asText()).isEqualTo("note-1");
        assertProblem(index(user, Map.of("id", "note-1", "text", "forget the milk")), 409, "FAILED_PRECONDITION", null);
        assertThat(index(other, Map.of("id", "note-1", "text", "another user's note")).status()).isEqualTo(201);
    }

    @Test
    void eachUserSearchesOnlyItsOwnMemoryAndAnAdminNamesTheOwner() {
        index(user, Map.of("id", "mine", "text", "private roadmap for next quarter"));
        assertThat(search(other, "private roadmap", null).body().path("results")).isEmpty();
        assertProblem(http("SearchMemory").as(other).query("q", "roadmap").query("owner", user).send(), 403,
                "PERMISSION_DENIED", "owner");
        Response asAdmin = http("SearchMemory").as(other, Caller.SCOPE_ADMIN).query("q", "roadmap").query("owner", user).send();
        assertThat(asAdmin.body().path("results").get(0).path("id").asText()).isEqualTo("mine");
        assertThat(http("IndexMemory").as(other, Caller.SCOPE_ADMIN).body(Map.of("owner", user, "text", "from the admin"))
                .send().status()).isEqualTo(201);
        assertThat(search(user, "admin", null).body().path("results")).hasSize(2);
        assertProblem(index(other, Map.of("owner", user, "text", "sneaky")), 403, "PERMISSION_DENIED", "owner");
    }

    @Test
    void badRequestsNameTheirField() {
        assertProblem(http("SearchMemory").as(user).send(), 400, "INVALID_ARGUMENT", "q");
        assertProblem(search(user, "x".repeat(8193), null), 400, "INVALID_ARGUMENT", "q");
        assertProblem(search(user, "x", "0"), 400, "INVALID_ARGUMENT", "top_k");
        assertProblem(search(user, "x", "51"), 400, "INVALID_ARGUMENT", "top_k");
        assertProblem(search(user, "x", "ten"), 400, "INVALID_ARGUMENT", "top_k");
        assertThat(search(user, "x", "50").status()).isEqualTo(200);
        assertProblem(http("SearchMemory").as(user).query("q", "x").query("vector", "1").send(), 400, "INVALID_ARGUMENT",
                "vector");
        assertProblem(index(user, Map.of("summary", "no text")), 400, "INVALID_ARGUMENT", "text");
        assertProblem(index(user, Map.of("text", 42)), 400, "INVALID_ARGUMENT", "text");
        assertProblem(index(user, Map.of("text", "t", "id", "a b")), 400, "INVALID_ARGUMENT", "id");
        assertProblem(index(user, Map.of("text", "t", "embedding", java.util.List.of(1, 2))), 400, "INVALID_ARGUMENT",
                "embedding");
        assertThat(search(user, "t", null).body().path("results")).isEmpty();
    }
}
