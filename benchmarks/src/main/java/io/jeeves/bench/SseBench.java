package io.jeeves.bench;

import com.sun.net.httpserver.HttpServer;
import io.jeeves.llm.LlmEvent;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmProvider;
import io.jeeves.llm.LlmRequest;
import io.jeeves.llm.provider.AnthropicProvider;
import io.jeeves.llm.provider.OpenAiProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * SSE decoding: tokens per second through the OpenAI and Anthropic adapters (HTTP, SSE decoding, JSON per
 * event, the events to a listener that counts them) against a raw HTTP read of the same recorded stream
 * (the same client and server; the body read to its end and thrown away), interleaved run by run.
 */
final class SseBench {
    /** One backend's result: medians over the runs. */
    record Result(String backend, int tokens, int bytes, double rawMillis, double adapterMillis) {
        double ratio() {
            return rawMillis / adapterMillis;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A reply of {@code tokens} tokens as OpenAI streams it (one chunk per token, then the usage). */
    static byte[] openAiStream(int tokens) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            b.append("data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\","
                    + "\"created\":1741569952,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\","
                    + "\"system_fingerprint\":\"fp_f9f4fb6dbf\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
                    .append(word(i)).append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        b.append("data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
                + "\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        b.append("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":").append(tokens)
                .append(",\"total_tokens\":").append(tokens + 19).append("}}\n\ndata: [DONE]\n\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same reply as Anthropic streams it. */
    static byte[] anthropicStream(int tokens) {
        StringBuilder b = new StringBuilder("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
                + "\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-5-haiku-20241022\","
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":19,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int i = 0; i < tokens; i++) {
            b.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                    + "\"text_delta\",\"text\":\"").append(word(i)).append("\"}}\n\n");
        }
        b.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":").append(tokens).append("}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String word(int i) {
        String[] words = {" the", " weather", " in", " Zürich", " is", " sunny", ",", " 21", "°C", " today", "."};
        return words[i % words.length];
    }

    List<Result> run(int tokens, int warmups, int runs) throws Exception {
        byte[] openai = openAiStream(tokens);
        byte[] anthropic = anthropicStream(tokens);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/openai/", x -> serve(x, openai));
        server.createContext("/anthropic/", x -> serve(x, anthropic));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            OpenAiProvider o = new OpenAiProvider(URI.create(base + "/openai/v1"), "k", Map.of(), client, Long.MAX_VALUE);
            AnthropicProvider a = new AnthropicProvider(URI.create(base + "/anthropic/v1"), "k", client, Long.MAX_VALUE);
            return List.of(measure("openai", o, URI.create(base + "/openai/v1/chat/completions"), tokens, openai.length,
                    warmups, runs), measure("anthropic", a, URI.create(base + "/anthropic/v1/messages"), tokens,
                    anthropic.length, warmups, runs));
        } finally {
            server.stop(0);
        }
    }

    private static void serve(com.sun.net.httpserver.HttpExchange x, byte[] body) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            in.readAllBytes();
        }
        x.getResponseHeaders().add("content-type", "text/event-stream");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private Result measure(String backend, LlmProvider provider, URI endpoint, int tokens, int bytes, int warmups, int runs)
            throws Exception {
        LlmRequest request = new LlmRequest("m", List.of(LlmMessage.of("user", "Tell me about the weather.")), List.of(),
                null, tokens + 10, Duration.ofSeconds(30));
        long[] raw = new long[runs];
        long[] adapter = new long[runs];
        for (int i = 0; i < warmups + runs; i++) {
            long r = rawRead(endpoint, bytes);
            long t0 = System.nanoTime();
            int[] counted = {0};
            provider.stream(request, e -> {
                if (e instanceof LlmEvent.Token) {
                    counted[0]++;
                }
                return true;
            });
            long t = System.nanoTime() - t0;
            if (counted[0] != tokens) {
                throw new IllegalStateException(backend + ": " + counted[0] + " tokens of " + tokens);
            }
            if (i >= warmups) {
                raw[i - warmups] = r;
                adapter[i - warmups] = t;
            }
        }
        return new Result(backend, tokens, bytes, median(raw), median(adapter));
    }

    /** The same request, the body read to its end with the same client: ns. */
    private long rawRead(URI endpoint, int bytes) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(endpoint).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        try (InputStream in = r.body()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
            }
        }
        long t = System.nanoTime() - t0;
        if (total != bytes) {
            throw new IllegalStateException("raw read " + total + " of " + bytes + " bytes");
        }
        return t;
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }
}
