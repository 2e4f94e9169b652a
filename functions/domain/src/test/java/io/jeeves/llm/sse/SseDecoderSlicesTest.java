package io.jeeves.llm.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.llm.LlmException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder's fast path (an event that arrives whole is handed on where it is) against its slow one (pieces
 * of lines kept across feeds): random streams of every kind of line, fed whole, cut at random into pieces placed
 * at random offsets of larger arrays, and byte by byte, all give the events the stream was written with.
 */
class SseDecoderSlicesTest {
    private static final String[] NAMES = {"", "message", "content_block_delta", "ping", "a", "é"};
    private static final String[] ENDS = {"\n", "\r", "\r\n"};

    /** A random stream, and the events (name|data) it holds. */
    private static byte[] stream(Random random, List<String> events) {
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(16);
        String name = "";
        for (int e = 0; e < n; e++) {
            if (random.nextInt(3) > 0) { // most often, the same kind of event again (and likely the same framing)
                name = NAMES[random.nextInt(NAMES.length)];
            }
            if (!name.isEmpty()) {
                s.append("event:").append(random.nextBoolean() ? " " : "").append(name).append(end(random, s));
            }
            if (random.nextInt(4) == 0) {
                s.append(": a comment").append(end(random, s)).append("id: 7").append(end(random, s));
            }
            int lines = random.nextInt(4); // none: not dispatched
            List<String> data = new ArrayList<>();
            for (int l = 0; l < lines; l++) {
                String value = text(random);
                data.add(value);
                if (value.isEmpty() && random.nextInt(3) == 0) {
                    s.append("data").append(end(random, s)); // no colon: the field's value is empty
                } else {
                    s.append("data:").append(random.nextBoolean() ? " " : "").append(value).append(end(random, s));
                }
            }
            s.append(end(random, s)); // the blank line
            if (lines > 0) {
                events.add((name.isEmpty() ? "message" : name) + "|" + String.join("\n", data));
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A line end; after a CR, an empty line cannot end with a lone LF (the two would be one CR LF). */
    private static String end(Random random, StringBuilder s) {
        boolean afterCr = s.length() > 0 && s.charAt(s.length() - 1) == '\r';
        return afterCr ? ENDS[random.nextBoolean() ? 1 : 2] : ENDS[random.nextInt(ENDS.length)];
    }

    private static String text(Random random) {
        String[] words = {"{\"a\":1}", "x", "", "Zürich", "☀️", "𝄞", " lead", "a:b", "12345678901234567890"};
        StringBuilder t = new StringBuilder(random.nextInt(3) == 0 ? "" : words[random.nextInt(words.length)]);
        for (int i = random.nextInt(4); i > 0; i--) {
            t.append(words[random.nextInt(words.length)]);
        }
        return t.toString().startsWith(" ") ? t.substring(1) : t.toString(); // one leading space is the field's
    }

    private static SseDecoder decoder(List<String> out) {
        return new SseDecoder(1 << 20, (SseDecoder.EventSink) (event, data, offset, length) ->
                out.add(event + "|" + new String(data, offset, length, StandardCharsets.UTF_8)));
    }

    @Test
    void randomStreamsGiveTheirEventsHoweverTheyAreFed() {
        Random random = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            List<String> expected = new ArrayList<>();
            byte[] stream = stream(random, expected);
            // whole, at an offset, with bytes around it that would be read as lines by mistake
            byte[] padded = new byte[stream.length + 20];
            java.util.Arrays.fill(padded, (byte) '\n');
            System.arraycopy(stream, 0, padded, 7, stream.length);
            List<String> whole = new ArrayList<>();
            SseDecoder d = decoder(whole);
            d.feed(padded, 7, stream.length);
            assertThat(d.finish()).isFalse();
            assertThat(whole).as("whole %d", i).isEqualTo(expected);
            // cut into random pieces, each at a random offset of one buffer that the next piece overwrites (as a
            // network reader reuses its buffer)
            List<String> pieces = new ArrayList<>();
            d = decoder(pieces);
            byte[] buffer = new byte[80];
            for (int at = 0; at < stream.length;) {
                int n = Math.min(stream.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 64));
                int offset = random.nextInt(buffer.length - n + 1);
                java.util.Arrays.fill(buffer, (byte) ('0' + random.nextInt(10)));
                System.arraycopy(stream, at, buffer, offset, n);
                d.feed(buffer, offset, n);
                at += n;
            }
            assertThat(d.finish()).isFalse();
            assertThat(pieces).as("in pieces %d", i).isEqualTo(expected);
        }
    }

    @Test
    void anEventThatArrivesWholeIsHandedOnWhereItIsAndOneInPiecesFromACopy() {
        List<Object> seen = new ArrayList<>();
        SseDecoder d = new SseDecoder(1024, (SseDecoder.EventSink) (event, data, offset, length) -> {
            seen.add(data);
            seen.add(offset);
            seen.add(new String(data, offset, length, StandardCharsets.UTF_8));
            return true;
        });
        byte[] fed = "xxevent: e\ndata: whole\n\ndata: half\n".getBytes(StandardCharsets.UTF_8);
        d.feed(fed, 2, fed.length - 2);
        assertThat(seen).containsExactly(fed, 17, "whole");
        java.util.Arrays.fill(fed, (byte) 'X'); // the caller reuses its buffer: the line kept is a copy
        byte[] rest = "\n\n".getBytes(StandardCharsets.UTF_8);
        d.feed(rest, 0, rest.length);
        assertThat(seen).hasSize(6);
        assertThat(seen.get(3)).isNotSameAs(fed).isNotSameAs(rest);
        assertThat(seen.get(5)).isEqualTo("half");
    }

    @Test
    void anEventLikeTheLastButBeyondTheLimitIsStillRefused() {
        List<String> out = new ArrayList<>();
        SseDecoder d = new SseDecoder(24, (SseDecoder.EventSink) (event, data, offset, length) ->
                out.add(new String(data, offset, length, StandardCharsets.UTF_8)));
        byte[] small = "event: e\ndata: {\"t\":\"1\"}\n\nevent: e\ndata: {\"t\":\"22\"}\n\n".getBytes(StandardCharsets.UTF_8);
        d.feed(small, 0, small.length);
        assertThat(out).containsExactly("{\"t\":\"1\"}", "{\"t\":\"22\"}");
        byte[] big = "event: e\ndata: {\"t\":\"0123456789\"}\n\n".getBytes(StandardCharsets.UTF_8); // 8 + 22 bytes
        assertThatThrownBy(() -> d.feed(big, 0, big.length)).isInstanceOf(LlmException.class)
                .hasMessageContaining("exceeds 24 bytes");
    }

    @Test
    void theRawSinkStillGetsTheDataFromZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseDecoder d = new SseDecoder(1024, (SseDecoder.RawSink) (event, data, length) -> {
            out.write(data, 0, length);
            return true;
        });
        byte[] fed = "data: one\n\ndata: two\n\n".getBytes(StandardCharsets.UTF_8);
        d.feed(fed, 0, fed.length);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("onetwo");
    }
}
