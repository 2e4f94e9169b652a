package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.testing.LlmTestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LLM gateway on the local stack, over HTTP: a process makes calls until its quota refuses the next one
 * (without the provider being asked), and its usage, the calls' cost and their artifacts read back exactly.
 */
class LlmGatewayFlowTest {
    /** The OpenAI-compatible server's reply: a few tokens, then its usage (as OpenAI sends it). */
    static final String REPLY_SSE = sse("Hello", " from", " an", " OpenAI-compatible", " server.")
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":9}}\n\ndata: [DONE]\n\n";
    static LlmTestServer openai;

    static String sse(String... tokens) {
        StringBuilder b = new StringBuilder();
        for (String t : tokens) {
            b.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(t)
                    .append("\"},\"finish_reason\":null}]}\n\n");
        }
        return b.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n").toString();
    }

    static String config(String openaiBaseUrl) {
        return LLM.replace("\"agents\": {", "\"agents\": {\"remote\": {\"provider\": \"openai\", \"model\": \"gpt-test-1\", "
                + "\"base_url\": \"" + openaiBaseUrl + "\", \"max_tokens\": 100, \"timeout_seconds\": 5}, ")
                .replace("\"prices\": [", "\"prices\": [{\"provider\": \"openai\", \"model\": \"gpt-test\", "
                        + "\"input_per_million\": \"0.50\", \"output_per_million\": \"1.50\"}, ");
    }

    static final String LLM = """
            {"agents": {
               "helper": {"provider": "scripted", "model": "scripted-1", "max_tokens": 50,
                          "replies": [{"match": "weather", "content": "Sunny, 21 degrees.", "input_tokens": 40,
                                       "output_tokens": 6},
                                      {"content": "Hello there.", "input_tokens": 25, "output_tokens": 3}]}},
             "prices": [{"provider": "scripted", "model": "scripted", "input_per_million": "3.00",
                         "output_per_million": "15.00"}]}""";
    static LocalStack stack;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        openai = new LlmTestServer().answering(r -> LlmTestServer.Answer.sse(REPLY_SSE.getBytes(StandardCharsets.UTF_8),
                REPLY_SSE.length() / 2));
        System.setProperty("jeeves.llm.json", config(openai.baseUrl().toString()));
        stack = new LocalStack(LocalOptions.ephemeral()).start();
        api = new ApiClient(stack.apiUrl());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("jeeves.llm.json");
        stack.close();
        openai.close();
    }

    private static Map<String, Object> call(String text) {
        return Map.of("agent", "helper", "messages", List.of(Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", text)));
    }

    @Test
    void aProcessCallsUntilItsQuotaRefusesAndEverythingReadsBackExactly() throws Exception {
        String user = "u-" + UUID.randomUUID();
        String token = api.token(user);
        String pid = "llm-" + UUID.randomUUID();
        assertThat(api.post("/v1/processes", token, Map.of("pid", pid, "quota", Map.of("max_llm_calls", 3))).status())
                .isEqualTo(201);

        BigDecimal cost = BigDecimal.ZERO;
        long in = 0;
        long out = 0;
        for (String text : List.of("What is the weather?", "Hi!", "And the weather tomorrow?")) {
            ApiClient.Reply r = api.post("/v1/processes/" + pid + "/llm", token, call(text));
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            JsonNode usage = r.body().path("usage");
            in += usage.path("input_tokens").asLong();
            out += usage.path("output_tokens").asLong();
            cost = cost.add(usage.path("estimated_cost_usd").decimalValue());
            assertThat(r.body().path("artifact_ids")).hasSize(2);
        }
        assertThat(in).isEqualTo(40 + 25 + 40);
        assertThat(out).isEqualTo(6 + 3 + 6);
        // 105 × 3.00 + 15 × 15.00 per million
        assertThat(cost).isEqualByComparingTo("0.00054");

        ApiClient.Reply refused = api.post("/v1/processes/" + pid + "/llm", token, call("One more?"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(refused.body().path("error_type").asText()).isEqualTo("quota_exceeded");
        assertThat(refused.body().path("retryable").asBoolean()).isFalse();
        assertThat(refused.body().path("result").path("usage").isNull()).isTrue();

        JsonNode process = api.get("/v1/processes/" + pid, token).body();
        JsonNode usage = process.path("usage");
        assertThat(usage.path("llm_calls").asLong()).isEqualTo(3);
        assertThat(usage.path("tokens_in").asLong()).isEqualTo(in);
        assertThat(usage.path("tokens_out").asLong()).isEqualTo(out);

        JsonNode usages = api.get("/v1/artifacts?type=llm_usage&limit=100", token).body().path("artifacts");
        BigDecimal stored = BigDecimal.ZERO;
        int mine = 0;
        for (JsonNode a : usages) {
            if (!pid.equals(a.path("process_id").asText())) {
                continue;
            }
            mine++;
            String id = a.path("artifact_id").asText();
            JsonNode content = Json.read(api.get("/v1/artifacts/" + id + "/content", token).raw().body());
            stored = stored.add(content.path("estimated_cost_usd").decimalValue());
        }
        assertThat(mine).isEqualTo(3);
        assertThat(stored).isEqualByComparingTo(cost);
        JsonNode calls = api.get("/v1/artifacts?type=llm_call&limit=100", token).body().path("artifacts");
        long failed = 0;
        for (JsonNode a : calls) {
            if (pid.equals(a.path("process_id").asText())) {
                JsonNode c = Json.read(api.get("/v1/artifacts/" + a.path("artifact_id").asText() + "/content", token)
                        .raw().body());
                assertThat(c.toString()).doesNotContain("weather").doesNotContain("Be brief");
                failed += "quota_exceeded".equals(c.path("error_type").asText()) ? 1 : 0;
            }
        }
        assertThat(failed).isEqualTo(1);
    }

    @Test
    void throughAnOpenAiCompatibleServerTheQuotaRefusesWithoutARequest() throws Exception {
        String token = api.token("u-" + UUID.randomUUID());
        String pid = "llm-" + UUID.randomUUID();
        api.post("/v1/processes", token, Map.of("pid", pid, "quota", Map.of("max_llm_calls", 2)));
        int before = openai.requests();
        for (int i = 0; i < 2; i++) {
            ApiClient.Reply r = api.post("/v1/processes/" + pid + "/llm", token, Map.of("agent", "remote", "messages",
                    List.of(Map.of("role", "user", "content", "Hello?"))));
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            assertThat(r.body().path("content").asText()).isEqualTo("Hello from an OpenAI-compatible server.");
            assertThat(r.body().path("provider").asText()).isEqualTo("openai");
            assertThat(r.body().path("usage").path("reported_by_backend").asBoolean()).isTrue();
            // 120 × 0.50 + 9 × 1.50 per million
            assertThat(r.body().path("usage").path("estimated_cost_usd").decimalValue()).isEqualByComparingTo("0.0000735");
        }
        assertThat(openai.requests() - before).isEqualTo(2);
        JsonNode sent = Json.read(openai.received().get(openai.requests() - 1).text());
        assertThat(sent.path("model").asText()).isEqualTo("gpt-test-1");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(100);

        ApiClient.Reply refused = api.post("/v1/processes/" + pid + "/llm", token, Map.of("agent", "remote", "messages",
                List.of(Map.of("role", "user", "content", "Once more?"))));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().path("error_type").asText()).isEqualTo("quota_exceeded");
        assertThat(openai.requests() - before).isEqualTo(2); // the provider was never asked
        JsonNode usage = api.get("/v1/processes/" + pid, token).body().path("usage");
        assertThat(usage.path("llm_calls").asLong()).isEqualTo(2);
        assertThat(usage.path("tokens_in").asLong()).isEqualTo(240);
        assertThat(usage.path("tokens_out").asLong()).isEqualTo(18); // the 100 reserved each time, settled to 9
    }

    @Test
    void anotherUsersProcessIsNotFoundAndBadInputNamesTheField() {
        String owner = api.token("u-" + UUID.randomUUID());
        String pid = "llm-" + UUID.randomUUID();
        api.post("/v1/processes", owner, Map.of("pid", pid));
        String other = api.token("u-" + UUID.randomUUID());
        assertThat(api.post("/v1/processes/" + pid + "/llm", other, call("hi")).status()).isEqualTo(404);

        ApiClient.Reply bad = api.post("/v1/processes/" + pid + "/llm", owner, Map.of("agent", "helper", "messages",
                List.of(Map.of("role", "robot", "content", "beep"))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("field").asText()).isEqualTo("messages[0].role");
        assertThat(api.get("/v1/processes/" + pid, owner).body().path("usage").path("llm_calls").asLong()).isZero();
    }
}
