package io.jeeves.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.llm.LlmEvent;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmProvider;
import io.jeeves.llm.LlmRequest;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the adapters' tests share: recordings, events written as {@code kind:payload} so a whole stream
 * compares as a list, the stream cut at every byte, a call expected to fail, a listener that stops early.
 */
final class ProviderTests {
    private ProviderTests() {
    }

    /** A recorded stream kept as a test resource. */
    static byte[] recording(String resource) {
        try (InputStream in = ProviderTests.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String describe(LlmEvent e) {
        if (e instanceof LlmEvent.Token t) {
            return "token:" + t.text();
        }
        if (e instanceof LlmEvent.ToolCall c) {
            return "tool_call:" + c.call().id() + "/" + c.call().name() + "/" + c.call().arguments();
        }
        if (e instanceof LlmEvent.Usage u) {
            return "usage:" + u.inputTokens() + "/" + u.outputTokens();
        }
        return e.kind() + ":" + ((LlmEvent.Done) e).finishReason();
    }

    /** The events of one call over HTTP. */
    static List<String> events(LlmProvider p, LlmRequest r) {
        List<String> out = new ArrayList<>();
        p.stream(r, e -> out.add(describe(e)));
        return out;
    }

    /** The events read from {@code pieces} of a recorded stream, as the network would deliver them. */
    static List<String> decoded(SseProvider p, List<byte[]> pieces) {
        List<String> out = new ArrayList<>();
        p.decode(pieces, e -> out.add(describe(e)));
        return out;
    }

    /**
     * The same events whichever byte the stream is cut at (in a line, a CR LF, a UTF-8 sequence), and byte by
     * byte; with the recording's LF line ends and with CR LF.
     */
    static void assertSameEventsWhereverCut(SseProvider p, byte[] recording, List<String> expected) {
        for (byte[] stream : List.of(recording, crlf(recording))) {
            for (int cut = 1; cut < stream.length; cut++) {
                assertThat(decoded(p, List.of(Arrays.copyOf(stream, cut), Arrays.copyOfRange(stream, cut, stream.length))))
                        .as("cut at %d", cut).isEqualTo(expected);
            }
            List<byte[]> bytes = new ArrayList<>();
            for (byte b : stream) {
                bytes.add(new byte[] {b});
            }
            assertThat(decoded(p, bytes)).as("byte by byte").isEqualTo(expected);
        }
    }

    /** The recording with CR LF line ends. */
    static byte[] crlf(byte[] recording) {
        return new String(recording, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Offsets every {@code step} bytes, to write a body in many HTTP chunks. */
    static int[] every(int step, int length) {
        int[] cuts = new int[(length - 1) / step];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * step;
        }
        return cuts;
    }

    /** The error of a call the server answers with {@code answer}. */
    static LlmException failure(LlmTestServer server, Answer answer, LlmProvider p, LlmRequest r) {
        server.answering(x -> answer);
        try {
            p.complete(r);
        } catch (LlmException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    /** Neither the key nor a recognisable part of it in the error, its causes or what they suppressed. */
    static void assertNoKey(Throwable error, String key) {
        String head = key.substring(0, 10);
        String tail = key.substring(key.length() - 6);
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(head).doesNotContain(tail);
            assertThat(String.valueOf(t)).doesNotContain(head).doesNotContain(tail);
            for (Throwable s : t.getSuppressed()) {
                assertNoKey(s, key);
            }
        }
    }

    /**
     * A listener that stops after {@code after} events: the provider returns with just those, and the server,
     * still writing the rest slowly, sees its connection closed (its next write fails).
     */
    static void assertStopsEarlyAndCloses(LlmTestServer server, LlmProvider p, LlmRequest r, byte[] recording, int after)
            throws InterruptedException {
        // 42 pieces 40 ms apart: about 1.7 s in all
        server.answering(x -> Answer.sse(recording, every(recording.length / 41, recording.length)).withPause(40));
        int before = server.disconnects();
        List<String> seen = new ArrayList<>();
        p.stream(r, e -> {
            seen.add(describe(e));
            return seen.size() < after;
        });
        assertThat(seen).hasSize(after);
        assertClosedSince(server, before);
    }

    /**
     * The client closed a connection whose answer was still being written, since the server had seen
     * {@code before} such: its next write failed (waits up to 3 s for the server's next write).
     */
    static void assertClosedSince(LlmTestServer server, int before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (server.disconnects() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.disconnects()).as("the client closed the connection").isGreaterThan(before);
    }
}
