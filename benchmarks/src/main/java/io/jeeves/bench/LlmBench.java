package io.jeeves.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.local.LocalStack;
import io.jeeves.local.lambda.LambdaRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The LLM-call Lambda's own overhead on the local stack: the function invoked directly (as a flow or a
 * capability's worker invokes it), its wall time minus the time it spent in the provider (the result's
 * {@code provider_latency_ms}): resolving the process, reserving on its quota, settling, pricing, writing
 * the two artifacts, parsing and answering. Each call is a new call id on a process with room for all.
 */
final class LlmBench {
    /** The agents the benchmark calls (system property {@code jeeves.llm.json} of the stack's JVM). */
    static final String CONFIG = """
            {"agents": {"bench-scripted": {"provider": "scripted", "model": "scripted-1", "max_tokens": 64,
               "replies": [{"content": "A short scripted reply of a few words.", "input_tokens": 30, "output_tokens": 9}]}}}""";

    /** Gives the functions of this JVM the benchmark's agents and local embeddings, unless configured already. */
    static void configure() {
        if (System.getProperty("jeeves.llm.json") == null) {
            System.setProperty("jeeves.llm.json", CONFIG);
        }
        if (System.getProperty("jeeves.embeddings.provider") == null) {
            System.setProperty("jeeves.embeddings.provider", "hashing");
        }
    }

    /**
     * @param totalNanos wall time per call
     * @param overheadNanos wall time minus the provider's time
     * @param sdkNanos of the overhead, the time inside DynamoDB client calls (round trips to DynamoDB Local)
     * @param sdkCalls DynamoDB calls per LLM call (the last one's)
     */
    record Result(String agent, long[] totalNanos, long[] providerNanos, long[] overheadNanos, long[] sdkNanos,
            long sdkCalls) {
    }

    private final LocalStack stack;
    private final ApiCalls api;

    LlmBench(LocalStack stack) {
        this.stack = stack;
        this.api = new ApiCalls(stack.apiUrl());
    }

    Result run(String agent, int warmups, int calls) throws Exception {
        String token = api.token("bench-llm");
        String pid = "bench-llm-" + UUID.randomUUID();
        int total = warmups + calls;
        api.ok("POST", "/v1/processes", token, Map.of("pid", pid, "quota", Map.of("max_llm_calls", total,
                "max_input_tokens", 1_000_000_000, "max_output_tokens", 1_000_000_000)));
        LambdaRegistry.Function fn = stack.lambdas().find("jeeves-LlmCall").orElseThrow();
        long[] wall = new long[calls];
        long[] provider = new long[calls];
        long[] overhead = new long[calls];
        long[] sdk = new long[calls];
        long sdkCalls = 0;
        for (int i = 0; i < total; i++) {
            byte[] payload = Json.writeBytes(Map.of("pid", pid, "agent", agent, "messages", List.of(
                    Map.of("role", "system", "content", "You are terse."),
                    Map.of("role", "user", "content", "Say something short, please. (" + i + ")"))));
            SdkCallTimer.open();
            long started = System.nanoTime();
            LambdaRegistry.Result r = stack.lambdas().invoke(fn, payload);
            long elapsed = System.nanoTime() - started;
            long[] inside = SdkCallTimer.close();
            JsonNode out = Json.read(new String(r.payload(), java.nio.charset.StandardCharsets.UTF_8));
            if (r.functionError() != null || !"ok".equals(out.path("status").asText())) {
                throw new IOException("LlmCall failed: " + out);
            }
            if (i >= warmups) {
                int k = i - warmups;
                wall[k] = elapsed;
                provider[k] = Math.round(out.path("provider_latency_ms").asDouble() * 1e6);
                overhead[k] = elapsed - provider[k];
                sdk[k] = inside[0];
                sdkCalls = inside[1];
            }
        }
        return new Result(agent, wall, provider, overhead, sdk, sdkCalls);
    }
}
