package io.jeeves.llm.sse;

import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * An incremental decoder of {@code text/event-stream} (the WHATWG rules): bytes go in as they arrive, cut
 * anywhere (inside a line, a CR LF pair or a UTF-8 sequence), and whole events come out. Lines end with LF,
 * CR LF or CR; a line starting with {@code :} is a comment; {@code data} lines are joined with LF; a blank
 * line dispatches the event (an event without data is not dispatched); {@code id} and {@code retry} are
 * read and ignored. Lines are split on bytes (CR and LF never occur inside a UTF-8 sequence) and decoded
 * whole.
 *
 * <p>An event larger than the limit is refused with a {@code parse} error rather than buffered without
 * bound.
 */
public final class SseDecoder {
    private final int maxEventBytes;
    private final RawSink sink;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    /** The event's data lines joined by LF, as bytes (UTF-8): decoded only by a sink that wants text. */
    private byte[] data = new byte[512];
    private int dataLength;
    private boolean hasData;
    private String event;
    private int eventBytes;
    private boolean stopped;

    /**
     * @param maxEventBytes the largest event accepted (its lines' bytes)
     * @param sink receives each event; returns false to stop decoding (the rest is ignored)
     */
    public SseDecoder(int maxEventBytes, Predicate<SseEvent> sink) {
        this(maxEventBytes, (event, data, length) -> sink.test(new SseEvent(event, new String(data, 0, length,
                StandardCharsets.UTF_8))));
    }

    /**
     * Receives events as bytes, for a sink that parses them without making a string of each.
     */
    @FunctionalInterface
    public interface RawSink {
        /**
         * @param event the event's name ("message" when it has none)
         * @param data the data (UTF-8), valid only during the call: {@code length} bytes from 0
         * @return false to stop decoding
         */
        boolean onEvent(String event, byte[] data, int length);
    }

    /** @param sink receives each event's name and its data as bytes */
    public SseDecoder(int maxEventBytes, RawSink sink) {
        this.maxEventBytes = maxEventBytes;
        this.sink = sink;
    }

    /** Whether the sink asked to stop. */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Decodes {@code length} bytes from {@code offset}.
     *
     * @return false once the sink has asked to stop
     * @throws LlmException parse, for an oversized event
     */
    public boolean feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end && !stopped; i++) {
            byte b = bytes[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            if (b == '\n' && afterCr && i == start && lineLength == 0) {
                afterCr = false; // the LF of a CR LF cut between two feeds (or right after the CR)
                start = i + 1;
                continue;
            }
            append(bytes, start, i - start);
            line();
            afterCr = b == '\r';
            if (afterCr && i + 1 < end && bytes[i + 1] == '\n') {
                i++;
                afterCr = false;
            }
            start = i + 1;
        }
        if (!stopped && start < end) {
            afterCr = false;
            append(bytes, start, end - start);
        }
        return !stopped;
    }

    /**
     * The end of the stream: a last event not followed by a blank line is discarded (as the standard says);
     * returns whether anything was left unterminated.
     */
    public boolean finish() {
        boolean partial = lineLength > 0 || hasData;
        lineLength = 0;
        resetEvent();
        return partial;
    }

    private void append(byte[] bytes, int from, int n) {
        if (n == 0) {
            return;
        }
        eventBytes += n;
        if (eventBytes > maxEventBytes) {
            throw LlmException.of(LlmErrorType.PARSE, "a server-sent event exceeds " + maxEventBytes + " bytes");
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(bytes, from, line, lineLength, n);
        lineLength += n;
    }

    /** One whole line in {@code line}. */
    private void line() {
        int n = lineLength;
        lineLength = 0;
        if (n == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            return;
        }
        int colon = indexOfColon(n);
        int valueStart = colon < 0 ? n : colon + 1;
        if (valueStart < n && line[valueStart] == ' ') {
            valueStart++;
        }
        int nameLength = colon < 0 ? n : colon;
        if (is("data", nameLength)) {
            int extra = n - valueStart + (hasData ? 1 : 0);
            if (dataLength + extra > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + extra));
            }
            if (hasData) {
                data[dataLength++] = '\n';
            }
            System.arraycopy(line, valueStart, data, dataLength, n - valueStart);
            dataLength += n - valueStart;
            hasData = true;
        } else if (is("event", nameLength)) {
            event = new String(line, valueStart, n - valueStart, StandardCharsets.UTF_8);
        }
    }

    private int indexOfColon(int n) {
        for (int i = 0; i < n; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private boolean is(String name, int nameLength) {
        if (nameLength != name.length()) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (line[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void dispatch() {
        if (hasData && !sink.onEvent(event == null || event.isEmpty() ? "message" : event, data, dataLength)) {
            stopped = true;
        }
        resetEvent();
    }

    private void resetEvent() {
        dataLength = 0;
        hasData = false;
        event = null;
        eventBytes = 0;
    }
}
