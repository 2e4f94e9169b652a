package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.math.BigDecimal;
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
        System.setProperty("jeeves.llm.json", LLM);
        stack = new LocalStack(LocalOptions.ephemeral()).start();
        api = new ApiClient(stack.apiUrl());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("jeeves.llm.json");
        stack.close();
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
