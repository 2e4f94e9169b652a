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
 * <p>Every byte of a stream passes through here, so the line ends are found eight bytes at a time, a line that
 * arrived whole is read where it is, and an event that arrived whole (one data line, then the blank line) is
 * handed to the sink as a slice of the caller's bytes: nothing is copied on that path. And streams repeat one
 * kind of event thousands of times: the bytes around the data of the last such event (its other lines, the
 * {@code data:} field name, the line ends and the blank line) are kept, and an event that starts with the same
 * bytes and ends with the same after its data line is handed on without reading its lines one by one (the
 * same bytes from the same state decode the same way); its data line is searched for its end only past what it
 * has in common with the remembered event's data (which had no line end).
 *
 * <p>An event larger than the limit is refused with a {@code parse} error rather than buffered without
 * bound.
 */
public final class SseDecoder {
    /** Bytes below this are LF, CR or other control characters (which the JSON in data lines does not have). */
    private static final long BELOW_CR = WordScan.repeat('\r' + 1);
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private final int maxEventBytes;
    private final EventSink sink;
    /** The start of a line that a feed ended inside (its bytes so far). */
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    /** The event's data lines joined by LF, as bytes (UTF-8): decoded only by a sink that wants text. */
    private byte[] data = new byte[512];
    private int dataLength;
    private boolean hasData;
    /**
     * The event's only data line so far, still in the bytes being fed ({@code sliceFrom}, {@code sliceLength}):
     * handed on from there if the event ends in the same feed, copied to {@link #data} otherwise.
     */
    private byte[] slice;
    private int sliceFrom;
    private int sliceLength;
    private String event;
    /** The last event name read, and its bytes: most streams repeat a few names thousands of times. */
    private String lastName = "";
    private byte[] lastNameBytes = new byte[0];
    private int eventBytes;
    private boolean stopped;
    /** Where the event being read started in the bytes being fed, when it started there in a clean state; or -1. */
    private int eventStart = -1;
    /**
     * The last event handed on whole from a feed: its bytes up to its data ({@code head}), after its data line
     * ({@code tail}: the line end and the blank line) and its name; null: none yet.
     */
    private byte[] head;
    private byte[] tail;
    private String headName;
    /** That event's data (one line: no CR or LF in it). */
    private byte[] headData;

    /**
     * @param maxEventBytes the largest event accepted (its lines' bytes)
     * @param sink receives each event; returns false to stop decoding (the rest is ignored)
     */
    public SseDecoder(int maxEventBytes, Predicate<SseEvent> sink) {
        this(maxEventBytes, (EventSink) (event, data, offset, length) -> sink.test(new SseEvent(event,
                new String(data, offset, length, StandardCharsets.UTF_8))));
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

    /** Receives events as a slice of bytes, for a sink that parses them where they are. */
    @FunctionalInterface
    public interface EventSink {
        /**
         * @param event the event's name ("message" when it has none)
         * @param data holds the data (UTF-8), valid only during the call: {@code length} bytes from {@code offset}
         * @return false to stop decoding
         */
        boolean onEvent(String event, byte[] data, int offset, int length);
    }

    /** @param sink receives each event's name and its data as bytes from 0 (copied there when they are not) */
    public SseDecoder(int maxEventBytes, RawSink sink) {
        this(maxEventBytes, (EventSink) (event, data, offset, length) -> sink.onEvent(event,
                offset == 0 ? data : Arrays.copyOfRange(data, offset, offset + length), length));
    }

    /** @param sink receives each event's name and its data as a slice of bytes */
    public SseDecoder(int maxEventBytes, EventSink sink) {
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
        if (stopped) {
            return false;
        }
        int end = offset + length;
        int i = offset;
        if (afterCr && i < end) {
            afterCr = false;
            if (bytes[i] == '\n') {
                i++; // the LF of a CR LF cut between two feeds
            }
        }
        eventStart = -1;
        try {
            while (i < end && !stopped) {
                if (head != null && lineLength == 0 && eventBytes == 0 && !hasData && event == null) {
                    int next = repeated(bytes, i, end);
                    if (next > 0) {
                        i = next;
                        continue;
                    }
                }
                int eol = lineEnd(bytes, i, end);
                if (eol < 0) {
                    append(bytes, i, end - i); // the rest of the feed starts a line
                    break;
                }
                int next = eol + 1;
                boolean crAtEnd = false;
                if (bytes[eol] == '\r') {
                    if (next == end) {
                        crAtEnd = true;
                    } else if (bytes[next] == '\n') {
                        next++;
                    }
                }
                if (lineLength > 0) {
                    eventStart = -1; // the event started in an earlier feed
                    append(bytes, i, eol - i);
                    int n = lineLength;
                    lineLength = 0;
                    line(line, 0, n, false);
                } else if (eol > i) {
                    if (eventBytes == 0 && !hasData && event == null) {
                        eventStart = i;
                    }
                    count(eol - i);
                    line(bytes, i, eol - i, true);
                } else {
                    if (slice != null && eventStart >= 0 && !crAtEnd) {
                        remember(bytes, eventStart, next);
                    }
                    dispatch();
                }
                afterCr = crAtEnd;
                i = next;
            }
        } finally {
            if (slice != null) {
                keepSlice(); // the caller's bytes are only ours during the call
            }
        }
        return !stopped;
    }

    /**
     * An event at {@code from} (in a clean state) that repeats the remembered one's bytes around another data line:
     * handed on, and the index after it answered; or 0, nothing done, when it does not.
     */
    private int repeated(byte[] bytes, int from, int end) {
        int dataFrom = from + head.length;
        if (dataFrom >= end || !Arrays.equals(bytes, from, dataFrom, head, 0, head.length)
                || bytes[dataFrom] == ' ' && head[head.length - 1] == ':') {
            return 0; // (a space right after the colon is not data: the template had none there)
        }
        int n = Math.min(end - dataFrom, headData.length);
        int common = Arrays.mismatch(bytes, dataFrom, dataFrom + n, headData, 0, n); // no line end in those
        int eol = lineEnd(bytes, dataFrom + (common < 0 ? n : common), end);
        int next = eol + tail.length;
        if (eol < 0 || next > end || eol - from > maxEventBytes
                || !Arrays.equals(bytes, eol, next, tail, 0, tail.length)) {
            return 0;
        }
        if (!sink.onEvent(headName, bytes, dataFrom, eol - dataFrom)) {
            stopped = true;
        }
        return next;
    }

    /**
     * Remembers the bytes around the data of the event about to be handed on whole from {@code bytes}: from its
     * start to its data, and from after its data to {@code next}, after the blank line's end (a CR there may be
     * the first half of a CR LF: the LF is then read as another blank line, which does nothing).
     */
    private void remember(byte[] bytes, int start, int next) {
        int dataEnd = sliceFrom + sliceLength;
        byte beforeData = bytes[sliceFrom - 1];
        if (beforeData != ':' && !(beforeData == ' ' && bytes[sliceFrom - 2] == ':')) {
            return; // a data line without a colon: the same start could be another field's name
        }
        String name = eventName();
        if (head != null && name.equals(headName)
                && Arrays.equals(head, 0, head.length, bytes, start, sliceFrom)
                && Arrays.equals(tail, 0, tail.length, bytes, dataEnd, next)) {
            return; // the same again: nothing to copy
        }
        head = Arrays.copyOfRange(bytes, start, sliceFrom);
        tail = Arrays.copyOfRange(bytes, dataEnd, next);
        headName = name;
        headData = Arrays.copyOfRange(bytes, sliceFrom, dataEnd);
    }

    /**
     * The first LF or CR in {@code [from, end)}, or -1: eight bytes at a time up to eight that hold a control
     * character (one test per eight bytes), then byte by byte through those eight.
     */
    private static int lineEnd(byte[] bytes, int from, int end) {
        int i = from;
        while (true) {
            while (i + 8 <= end && WordScan.below(WordScan.word(bytes, i), BELOW_CR) == 0) {
                i += 8;
            }
            for (int stop = Math.min(end, i + 8); i < stop; i++) {
                byte b = bytes[i];
                if (b == '\n' || b == '\r') {
                    return i;
                }
            }
            if (i >= end) {
                return -1;
            }
        }
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

    /** Counts {@code n} more bytes of the event against the limit. */
    private void count(int n) {
        eventBytes += n;
        if (eventBytes > maxEventBytes) {
            throw LlmException.of(LlmErrorType.PARSE, "a server-sent event exceeds " + maxEventBytes + " bytes");
        }
    }

    /** Keeps a piece of a line that a feed did not end. */
    private void append(byte[] bytes, int from, int n) {
        if (n == 0) {
            return;
        }
        count(n);
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(bytes, from, line, lineLength, n);
        lineLength += n;
    }

    /**
     * One whole line, {@code n} bytes of {@code src} from {@code from}.
     *
     * @param fed whether {@code src} is the caller's bytes (a data line may then stay where it is)
     */
    private void line(byte[] src, int from, int n, boolean fed) {
        if (n == 0) {
            dispatch();
            return;
        }
        // only data and event matter (comments, id, retry and unknown fields are ignored): a line is one of those
        // when it starts with the name and the first colon, if any, comes right after it
        int lineEnd = from + n;
        if (is(DATA, src, from, n)) {
            int valueStart = value(src, from + DATA.length, lineEnd);
            if (!hasData && fed) {
                slice = src;
                sliceFrom = valueStart;
                sliceLength = lineEnd - valueStart;
            } else {
                appendData(src, valueStart, lineEnd - valueStart);
            }
            hasData = true;
        } else if (is(EVENT, src, from, n)) {
            int valueStart = value(src, from + EVENT.length, lineEnd);
            event = name(src, valueStart, lineEnd - valueStart);
        }
    }

    /** Where the value of a field whose name ends at {@code nameEnd} starts: after the colon and one space. */
    private static int value(byte[] src, int nameEnd, int lineEnd) {
        int valueStart = Math.min(nameEnd + 1, lineEnd);
        return valueStart < lineEnd && src[valueStart] == ' ' ? valueStart + 1 : valueStart;
    }

    private void appendData(byte[] src, int from, int n) {
        if (slice != null) {
            keepSlice();
        }
        int extra = n + (hasData ? 1 : 0);
        if (dataLength + extra > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + extra));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(src, from, data, dataLength, n);
        dataLength += n;
    }

    /** Copies the data line left in the caller's bytes to {@link #data}. */
    private void keepSlice() {
        byte[] s = slice;
        slice = null;
        if (sliceLength > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, sliceLength));
        }
        System.arraycopy(s, sliceFrom, data, 0, sliceLength);
        dataLength = sliceLength;
    }

    /** An event name: the last one's string again when the bytes are the same. */
    private String name(byte[] src, int from, int n) {
        if (!Arrays.equals(lastNameBytes, 0, lastNameBytes.length, src, from, from + n)) {
            lastNameBytes = Arrays.copyOfRange(src, from, from + n);
            lastName = new String(lastNameBytes, StandardCharsets.UTF_8);
        }
        return lastName;
    }

    /** Whether the line of {@code n} bytes from {@code from} is the field {@code name}: the whole line, or up to a colon. */
    private static boolean is(byte[] name, byte[] src, int from, int n) {
        int length = name.length;
        if (n < length || n > length && src[from + length] != ':') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (src[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private String eventName() {
        return event == null || event.isEmpty() ? "message" : event;
    }

    private void dispatch() {
        if (hasData) {
            String name = eventName();
            boolean more = slice != null ? sink.onEvent(name, slice, sliceFrom, sliceLength)
                    : sink.onEvent(name, data, 0, dataLength);
            if (!more) {
                stopped = true;
            }
        }
        resetEvent();
    }

    private void resetEvent() {
        slice = null;
        dataLength = 0;
        hasData = false;
        event = null;
        eventBytes = 0;
    }
}
