package io.jeeves.llm.provider;

import static io.jeeves.llm.provider.JsonFuzz.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The adapters' fast readers of their per-token events against Jackson's reading of the same events: for the
 * recordings, every shape the adapters' tests use and tens of thousands of mutations of them, a reply with the
 * fast reader makes exactly the events, answers and errors that a reply reading everything with Jackson makes;
 * and the fast reader does read the common events (it does not pass its work to Jackson).
 */
class FastReadersTest {
    private static final Pattern DATA = Pattern.compile("(?m)^data: (.*)$");

    private static List<String> dataLines(byte[] recording) {
        List<String> out = new ArrayList<>();
        Matcher m = DATA.matcher(new String(recording, StandardCharsets.UTF_8));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * What a reply makes of the events (name, JSON), then the end: its events, each call's answer, or its error.
     * With a {@code seed}, the event comes after the seed it was made from (a fast reader then knows the seed's
     * shape, and reads the event by comparing it with the seed).
     */
    private static List<String> outcome(Function<LlmListener, HttpStreams.Reply> replies, String[][] before, String seed,
            String name, byte[] data, int offset, int length, String[][] after) {
        List<String> out = new ArrayList<>();
        HttpStreams.Reply reply = replies.apply(e -> out.add(ProviderTests.describe(e)));
        try {
            for (String[] e : before) {
                byte[] b = bytes(e[1]);
                out.add("more:" + reply.onEvent(e[0], b, 0, b.length));
            }
            if (seed != null) {
                byte[] b = bytes(seed);
                out.add("more:" + reply.onEvent(name, b, 0, b.length));
            }
            out.add("more:" + reply.onEvent(name, data, offset, length));
            for (String[] e : after) {
                byte[] b = bytes(e[1]);
                out.add("more:" + reply.onEvent(e[0], b, 0, b.length));
            }
            reply.end();
        } catch (LlmException e) {
            out.add("error:" + e.type() + ":" + e.httpStatus() + ":" + e.retryable() + ":" + e.getMessage());
        }
        return out;
    }

    // ---- OpenAI

    /** A piece of a tool call first, so that a finish reason has calls to emit. */
    private static final String[][] OPENAI_BEFORE = {{"message", "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{"
            + "\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}"}};

    private static List<String> openAiSeeds() {
        List<String> seeds = new ArrayList<>(dataLines(OpenAiProviderTest.RECORDING));
        seeds.add(new String(benchOpenAiChunk(), StandardCharsets.UTF_8));
        seeds.addAll(List.of("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\n\\\"b\\\" \\u00e9 \\uD83D\\uDE00\"},\"finish_reason\":\"stop\"}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\","
                        + "\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}",
                "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}",
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":1,\"delta\":{\"content\":\"b\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":\"content_filter\"}],\"usage\":null,\"error\":null}",
                "[DONE]"));
        return seeds;
    }

    static byte[] benchOpenAiChunk() {
        return bytes("{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741569952,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_f9f4fb6dbf\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" Zürich\"},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
    }

    private static List<String> openAi(Function<LlmListener, HttpStreams.Reply> replies, String seed, byte[] data,
            int offset, int length) {
        return outcome(replies, OPENAI_BEFORE, seed, "message", data, offset, length, new String[0][]);
    }

    @Test
    void openAiChunksReadFastAreReadAsJacksonReadsThem() {
        OpenAiProvider p = new OpenAiProvider(null, "k", java.util.Map.of(), null, HttpStreams.DEFAULT_MAX_BYTES);
        assertReadAsJacksonReadsThem(openAiSeeds(), 5, () -> new OpenAiProvider.CommonChunk()::read,
                (i, first, data, offset, length) -> openAi(p::reply, first, data, offset, length),
                (i, first, data, offset, length) -> openAi(OpenAiProvider::readByJacksonOnly, first, data, offset, length));
    }

    /** A fast reader's answer for an event: whether it read it. */
    private interface FastReader {
        boolean read(byte[] data, int offset, int length);
    }

    /** What a reply makes of case {@code i}: the event, after {@code first} if not null. */
    private interface Outcome {
        List<String> of(int i, String first, byte[] data, int offset, int length);
    }

    /**
     * For the seeds and 40,000 mutations of them, each alone or after its seed, and placed inside a larger array: a
     * reply with the fast reader makes what a reply reading with Jackson makes; and the fast reader reads a good
     * part of them (not all: most mutations break the JSON).
     */
    private static void assertReadAsJacksonReadsThem(List<String> seeds, long fuzzSeed,
            java.util.function.Supplier<FastReader> readers, Outcome fast, Outcome jackson) {
        JsonFuzz fuzz = new JsonFuzz(fuzzSeed);
        int read = 0;
        int cases = 40_000;
        for (int i = 0; i < cases; i++) {
            String seed = seeds.get(i % seeds.size());
            byte[] json = i < seeds.size() ? bytes(seed) : fuzz.mutate(bytes(seed));
            String first = i % 2 == 0 ? seed : null; // after its seed: read by its shape if it kept it
            int[] offset = new int[1];
            byte[] in = fuzz.embedded(json, offset);
            FastReader reader = readers.get();
            if (first != null) {
                reader.read(bytes(first), 0, bytes(first).length);
            }
            if (reader.read(in, offset[0], json.length)) {
                read++;
            }
            assertThat(fast.of(i, first, in, offset[0], json.length))
                    .as("case %d: %s", i, new String(json, StandardCharsets.UTF_8))
                    .isEqualTo(jackson.of(i, first, json, 0, json.length));
        }
        assertThat(read).as("read fast").isBetween(cases / 8, cases * 7 / 8);
    }

    @Test
    void theCommonOpenAiChunksAreReadFast() {
        OpenAiProvider.CommonChunk chunk = new OpenAiProvider.CommonChunk();
        List<String> contents = new ArrayList<>();
        for (String line : dataLines(OpenAiProviderTest.RECORDING)) {
            byte[] b = bytes(line);
            boolean common = !line.contains("tool_calls\":[") && !line.contains("\"usage\":{") && !line.equals("[DONE]");
            assertThat(chunk.read(b, 0, b.length)).as(line).isEqualTo(common);
            if (common && chunk.content != null) {
                contents.add(chunk.content);
            }
        }
        assertThat(String.join("", contents)).isEqualTo("The weather in Zürich is sunny ☀️, 21°C.");
        byte[] bench = benchOpenAiChunk();
        assertThat(chunk.read(bench, 0, bench.length)).isTrue();
        assertThat(chunk.content).isEqualTo(" Zürich");
        assertThat(chunk.finishReason).isNull();
        byte[] finish = bytes("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":null}");
        assertThat(chunk.read(finish, 0, finish.length)).isTrue();
        assertThat(chunk.content).isNull();
        assertThat(chunk.finishReason).isEqualTo("length");
        // content with every escape and unicode, read fast and unescaped as Jackson would
        JsonFuzz fuzz = new JsonFuzz(7);
        for (int i = 0; i < 5_000; i++) {
            String text = fuzz.text(10);
            byte[] b = bytes("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + fuzz.escaped(text) + "\"}}]}");
            assertThat(chunk.read(b, 0, b.length)).isTrue();
            assertThat(chunk.content).isEqualTo(text);
        }
    }

    // ---- Anthropic

    /** A tool_use block first, so that an input_json_delta has somewhere to go; then its end and the message's. */
    private static final String[][] ANTHROPIC_BEFORE = {{"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}"}};
    private static final String[][] ANTHROPIC_AFTER = {{"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"},
        {"message_stop", "{\"type\":\"message_stop\"}"}};

    private static List<String> anthropicSeeds() {
        List<String> seeds = new ArrayList<>();
        for (String line : dataLines(AnthropicProviderTest.RECORDING)) {
            if (line.contains("content_block_delta")) {
                seeds.add(line);
            }
        }
        seeds.addAll(List.of(
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" Zürich\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\n\\\"b\\\" \\u00e9 \\ud83d\\ude00\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"x\\\": 1\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\"}}",
                "{\"index\":2147483647,\"delta\":{\"text\":\"\",\"type\":\"text_delta\"},\"type\":\"content_block_delta\"}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}"));
        return seeds;
    }

    private static List<String> anthropic(Function<LlmListener, HttpStreams.Reply> replies, String seed, String name,
            byte[] data, int offset, int length) {
        return outcome(replies, ANTHROPIC_BEFORE, seed, name, data, offset, length, ANTHROPIC_AFTER);
    }

    @Test
    void anthropicTextDeltasReadFastAreReadAsJacksonReadsThem() {
        AnthropicProvider p = new AnthropicProvider(null, "k", null, HttpStreams.DEFAULT_MAX_BYTES);
        // named, as Anthropic streams; and unnamed (one in five), read by type
        assertReadAsJacksonReadsThem(anthropicSeeds(), 9, () -> new AnthropicProvider.TextDelta()::read,
                (i, first, data, offset, length) -> anthropic(p::reply, first, name(i), data, offset, length),
                (i, first, data, offset, length) -> anthropic(AnthropicProvider::readByJacksonOnly, first, name(i), data,
                        offset, length));
    }

    private static String name(int i) {
        return i % 5 == 0 ? "message" : "content_block_delta";
    }

    @Test
    void theAnthropicTextDeltasAreReadFast() {
        AnthropicProvider.TextDelta delta = new AnthropicProvider.TextDelta();
        List<String> texts = new ArrayList<>();
        for (String line : dataLines(AnthropicProviderTest.RECORDING)) {
            if (line.contains("content_block_delta")) {
                byte[] b = bytes(line);
                assertThat(delta.read(b, 0, b.length)).as(line).isEqualTo(line.contains("text_delta"));
                if (delta.text != null) {
                    texts.add(delta.text);
                }
            }
        }
        assertThat(String.join("", texts)).isEqualTo("Okay, let's check the weather in Zürich ☀️.");
        JsonFuzz fuzz = new JsonFuzz(13);
        for (int i = 0; i < 5_000; i++) {
            String text = fuzz.text(10);
            byte[] b = bytes("{\"type\":\"content_block_delta\",\"index\":" + fuzz.nextInt(1000)
                    + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + fuzz.escaped(text) + "\"}}");
            assertThat(delta.read(b, 0, b.length)).isTrue();
            assertThat(delta.text).isEqualTo(text);
        }
    }
}
