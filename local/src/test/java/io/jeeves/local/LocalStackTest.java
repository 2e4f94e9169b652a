package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.local.ApiClient.Reply;
import io.jeeves.testing.Concurrently;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local stack over real HTTP: gateway behaviour, auth, routes, and concurrency. */
class LocalStackTest {
    static LocalStack stack;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        stack = new LocalStack(LocalOptions.ephemeral()).start();
        api = new ApiClient(stack.apiUrl());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static String user() {
        return "u-" + UUID.randomUUID();
    }

    @Test
    void noTokenOrABadOneIsRefusedByTheGateway() {
        Reply none = api.get("/v1/processes/x", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().path("message").asText()).isEqualTo("Unauthorized");
        String token = api.token(user());
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(api.get("/v1/processes/x", tampered).status()).isEqualTo(401);
        assertThat(api.get("/v1/processes/x", "not.a.jwt").status()).isEqualTo(401);
        assertThat(api.get("/v1/processes/x", token).status()).as("valid token reaches the function").isEqualTo(404);
    }

    @Test
    void routeScopesAreEnforcedLikeApiGateway() {
        Reply r = api.post("/v1/scheduler/next", api.token(user()), Map.of());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().path("message").asText()).isEqualTo("Forbidden");
        Reply ok = api.post("/v1/scheduler/next", api.token("w", "jeeves/worker"), Map.of());
        assertThat(ok.status()).isIn(200, 404);
        assertThat(api.send("PUT", "/v1/quota-defaults", api.token(user()), Map.of("quota", Map.of())).status())
                .isEqualTo(403);
    }

    @Test
    void unknownRoutesAnswer404() {
        String t = api.token(user());
        assertThat(api.get("/v1/nothing", t).status()).isEqualTo(404);
        assertThat(api.send("DELETE", "/v1/processes/p1", t, null).status()).isEqualTo(404);
    }

    @Test
    void tokenRequestsAreValidated() {
        assertThat(api.post("/local/token", null, Map.of("scopes", List.of())).status()).isEqualTo(400);
        assertThat(api.post("/local/token", null, Map.of("sub", "a", "scopes", "x")).status()).isEqualTo(400);
        assertThat(api.post("/local/token", null, "{").status()).isEqualTo(400);
        assertThat(api.get("/local/.well-known/jwks.json", null).body().path("keys").get(0).path("kty").asText())
                .isEqualTo("RSA");
    }

    @Test
    void aProcessLivesItsLifeOverHttp() {
        String alice = user();
        String t = api.token(alice);
        String pid = "p-" + UUID.randomUUID();
        Reply created = api.post("/v1/processes", t, Map.of("pid", pid, "quota", Map.of("max_llm_calls", 3)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("content-type")).isEqualTo("application/json");
        assertThat(created.body().path("state").asText()).isEqualTo("READY");
        assertThat(api.get("/v1/processes/" + pid, t).body().path("user_id").asText()).isEqualTo(alice);
        assertThat(api.get("/v1/processes/" + pid, api.token(user())).status()).isEqualTo(404);
        assertThat(api.post("/v1/processes/" + pid + "/transition", t, Map.of("new_state", "RUNNING")).body()
                .path("state").asText()).isEqualTo("RUNNING");
        assertThat(api.post("/v1/processes/" + pid + "/usage", t, Map.of("llm_calls", 3)).status()).isEqualTo(200);
        Reply refused = api.post("/v1/processes/" + pid + "/usage", t, Map.of("llm_calls", 1));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("content-type")).isEqualTo("application/problem+json");
        assertThat(refused.body().path("code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(api.get("/v1/processes/" + pid + "/quota", t).body().path("llm_calls").asInt()).isEqualTo(3);
        JsonNode list = api.get("/v1/processes?state=RUNNING&limit=10", t).body();
        assertThat(list.path("processes").size()).isEqualTo(1);
        assertThat(api.get("/v1/process-counts", t).body().path("total").asInt()).isEqualTo(1);
        assertThat(api.post("/v1/processes/" + pid + "/terminate", t, null).body().path("state").asText())
                .isEqualTo("TERMINATED");
        assertThat(api.post("/v1/processes", t, "{broken").status()).isEqualTo(400);
    }

    @Test
    void interruptsOverHttp() {
        String t = api.token(user());
        String session = "s-" + UUID.randomUUID();
        Reply c = api.post("/v1/interrupts", t, Map.of("kind", "clarification", "session_id", session, "question", "Which?"));
        assertThat(c.status()).isEqualTo(201);
        String id = c.body().path("id").asText();
        assertThat(api.get("/v1/sessions/" + session + "/interrupts?kinds=clarification,confirmation", t).body()
                .path("interrupts").size()).isEqualTo(1);
        Reply r = api.post("/v1/interrupts/" + id + "/resolve", t, Map.of("response", Map.of("text", "the second")));
        assertThat(r.body().path("status").asText()).isEqualTo("resolved");
        assertThat(api.get("/v1/interrupts/" + id, t).body().path("response").path("text").asText()).isEqualTo("the second");
    }

    @Test
    void sixtyFourConcurrentCallersAdmitExactlyTheQuota() throws Exception {
        String t = api.token(user());
        String pid = "p-" + UUID.randomUUID();
        api.post("/v1/processes", t, Map.of("pid", pid, "quota", Map.of("max_tool_calls", 25)));
        List<Integer> statuses = concurrently(64, () -> api.post("/v1/processes/" + pid + "/usage", t,
                Map.of("tool_calls", 1)).status());
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(25);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(39);
        assertThat(api.get("/v1/processes/" + pid, t).body().path("usage").path("tool_calls").asInt()).isEqualTo(25);
    }

    @Test
    void sixtyFourConcurrentCallersAdmitExactlyTheRateLimit() throws Exception {
        String carol = user();
        String admin = api.token("root", "jeeves/admin");
        api.send("PUT", "/v1/rate-limits/users/" + carol, admin, Map.of("limits", Map.of("burst_size", 30)));
        String t = api.token(carol);
        List<Boolean> allowed = concurrently(64, () -> api.post("/v1/rate-limit/check", t, Map.of()).body()
                .path("allowed").asBoolean());
        assertThat(allowed.stream().filter(a -> a).count()).isEqualTo(30);
    }

    static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        return Concurrently.run(n, i -> task.call());
    }
}
