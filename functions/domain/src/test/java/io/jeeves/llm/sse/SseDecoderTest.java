package io.jeeves.llm.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text/event-stream rules, fed the way a network delivers bytes: whole, cut anywhere, byte by byte. */
class SseDecoderTest {
    /** Events decoded from {@code pieces}, each as event|data. */
    private static List<String> decode(int limit, byte[]... pieces) {
        List<String> out = new ArrayList<>();
        SseDecoder d = new SseDecoder(limit, e -> out.add(e.event() + "|" + e.data()));
        for (byte[] p : pieces) {
            d.feed(p, 0, p.length);
        }
        d.finish();
        return out;
    }

    private static List<String> decode(String text) {
        return decode(1 << 20, utf8(text));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventNamesDataAndTheDefaultName() {
        assertThat(decode("event: message_start\ndata: {\"a\":1}\n\ndata: plain\n\n"))
                .containsExactly("message_start|{\"a\":1}", "message|plain");
    }

    @Test
    void commentsIdsAndRetryAreIgnoredAndUnknownFieldsToo() {
        assertThat(decode(": keepalive\nid: 7\nretry: 1000\nfoo: bar\ndata: x\n\n: another\n\n"))
                .containsExactly("message|x");
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        assertThat(decode("data: first\ndata:second\ndata:  third\n\n"))
                .containsExactly("message|first\nsecond\n third"); // only one space after the colon is dropped
    }

    @Test
    void aFieldWithoutAColonHasAnEmptyValue() {
        assertThat(decode("data\n\ndata\ndata\n\n")).containsExactly("message|", "message|\n");
    }

    @Test
    void blankEventsAndEventsWithoutDataAreNotDispatched() {
        assertThat(decode("\n\n\nevent: ping\n\n\ndata: y\n\n")).containsExactly("message|y");
    }

    @Test
    void theEventNameDoesNotCarryOverToTheNextEvent() {
        assertThat(decode("event: a\ndata: 1\n\ndata: 2\n\n")).containsExactly("a|1", "message|2");
    }

    @Test
    void lfCrLfAndCrLineEndsAllWork() {
        List<String> expected = List.of("e|1\n2", "message|3");
        assertThat(decode("event: e\ndata: 1\ndata: 2\n\ndata: 3\n\n")).isEqualTo(expected);
        assertThat(decode("event: e\r\ndata: 1\r\ndata: 2\r\n\r\ndata: 3\r\n\r\n")).isEqualTo(expected);
        assertThat(decode("event: e\rdata: 1\rdata: 2\r\rdata: 3\r\r")).isEqualTo(expected);
        assertThat(decode("event: e\rdata: 1\r\ndata: 2\n\r\ndata: 3\r\r\n")).isEqualTo(expected);
    }

    @Test
    void aCrAtTheEndOfOneFeedAndItsLfAtTheStartOfTheNextAreOneLineEnd() {
        // read as two line ends, the LF would be a blank line and dispatch "1" alone, before "2"
        assertThat(decode(1 << 20, utf8("data: 1\r"), utf8("\ndata: 2\r"), utf8("\n\r"), utf8("\n")))
                .containsExactly("message|1\n2");
        // a CR alone, then a new line in the next feed: still one line end
        assertThat(decode(1 << 20, utf8("data: 1\r"), utf8("data: 2\r\r"))).containsExactly("message|1\n2");
    }

    @Test
    void theSameEventsWhereverTheBytesAreCutAndOneByteAtATime() {
        byte[] stream = utf8("event: a\r\ndata: Zürich ☀️ 21°C\r\n\r\n: c\rdata: 𝄞 x\r\rdata: {\"k\":\"é\"}\n\n");
        List<String> whole = decode(1 << 20, stream);
        assertThat(whole).containsExactly("a|Zürich ☀️ 21°C", "message|𝄞 x", "message|{\"k\":\"é\"}");
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(decode(1 << 20, Arrays.copyOf(stream, cut), Arrays.copyOfRange(stream, cut, stream.length)))
                    .as("cut at %d", cut).isEqualTo(whole);
        }
        byte[][] bytes = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            bytes[i] = new byte[] {stream[i]};
        }
        assertThat(decode(1 << 20, bytes)).isEqualTo(whole);
    }

    @Test
    void finishDiscardsAnUnterminatedEventAndSaysSo() {
        List<String> out = new ArrayList<>();
        SseDecoder d = new SseDecoder(1024, e -> out.add(e.data()));
        byte[] b = utf8("data: done\n\ndata: half");
        d.feed(b, 0, b.length);
        assertThat(d.finish()).isTrue();
        assertThat(out).containsExactly("done");

        SseDecoder complete = new SseDecoder(1024, e -> true);
        byte[] c = utf8("data: x\n\n");
        complete.feed(c, 0, c.length);
        assertThat(complete.finish()).isFalse();

        SseDecoder lineEnded = new SseDecoder(1024, e -> true); // data line ended, blank line missing
        byte[] l = utf8("data: x\n");
        lineEnded.feed(l, 0, l.length);
        assertThat(lineEnded.finish()).isTrue();
    }

    @Test
    void aSinkReturningFalseStopsDecoding() {
        List<String> out = new ArrayList<>();
        SseDecoder d = new SseDecoder(1024, e -> out.add(e.data()) && out.size() < 2);
        byte[] b = utf8("data: 1\n\ndata: 2\n\ndata: 3\n\n");
        assertThat(d.feed(b, 0, b.length)).isFalse();
        assertThat(d.stopped()).isTrue();
        assertThat(out).containsExactly("1", "2");
        assertThat(d.feed(b, 0, b.length)).isFalse();
        assertThat(out).hasSize(2);
    }

    @Test
    void anEventBeyondTheLimitIsAParseErrorEvenWhenFedInPieces() {
        assertThat(decode(16, utf8("data: 0123456789\n\n"))).containsExactly("message|0123456789"); // 16 bytes: fits
        assertThatThrownBy(() -> decode(16, utf8("data: 01234567890\n\n"))).isInstanceOf(LlmException.class)
                .satisfies(e -> assertThat(((LlmException) e).type()).isEqualTo(LlmErrorType.PARSE))
                .hasMessageContaining("exceeds 16 bytes");
        // across lines and feeds: the limit is the event's, and a line without an end cannot grow past it
        assertThatThrownBy(() -> decode(16, utf8("data: 01234"), utf8("\ndata: 567890"))).isInstanceOf(LlmException.class);
        byte[] endless = new byte[64];
        Arrays.fill(endless, (byte) 'a');
        assertThatThrownBy(() -> decode(16, endless)).isInstanceOf(LlmException.class);
        // the count starts again with each event
        assertThat(decode(16, utf8("data: 0123456789\n\ndata: 0123456789\n\n"))).hasSize(2);
    }

    @Test
    void theRawSinkGetsTheBytesOfTheData() {
        List<String> out = new ArrayList<>();
        SseDecoder d = new SseDecoder(1024, (SseDecoder.RawSink) (event, data, length) ->
                out.add(event + "|" + length + "|" + new String(data, 0, length, StandardCharsets.UTF_8)));
        byte[] b = utf8("event: t\ndata: ü\n\n");
        d.feed(b, 0, b.length);
        assertThat(out).containsExactly("t|2|ü");
    }
}
