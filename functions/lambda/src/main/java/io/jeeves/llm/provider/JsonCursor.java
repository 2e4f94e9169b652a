package io.jeeves.llm.provider;

import io.jeeves.llm.sse.WordScan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict reader of one JSON object in a slice of bytes, for the adapters' per-token events: its caller walks
 * the fields it wants and skips the others, and every byte is checked on the way (RFC 8259 grammar, UTF-8, no
 * duplicate names, as our Jackson configuration checks). It never decides that an event is malformed: whatever
 * it is not sure of (a syntax error, a name written with escapes, deep nesting, long numbers, bytes after the
 * object) throws {@link Unsure}, and the caller reads the event with Jackson instead, which gives the verdict.
 * So an event it reads to the end is one Jackson would have accepted, and the strings it returns are the ones
 * Jackson would have returned.
 */
final class JsonCursor {
    /** Not sure of the event: Jackson reads it instead. Thrown without a stack trace (it is not an error). */
    static final class Unsure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Unsure() {
            super(null, null, false, false);
        }
    }

    static final Unsure UNSURE = new Unsure();

    private static final long QUOTE = WordScan.repeat('"');
    private static final long BACKSLASH = WordScan.repeat('\\');
    private static final long SPACE = WordScan.repeat(' ');
    private static final int MAX_DEPTH = 32;
    private static final int MAX_NAMES = 64;
    private static final int MAX_NAME_BYTES = 256;
    private static final int MAX_NUMBER_BYTES = 64;
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    private byte[] b;
    private int pos;
    private int end;
    private int depth;
    /** The names of the objects being read, innermost last: where each starts in {@link #b} and its length. */
    private final int[] nameAt = new int[MAX_NAMES];
    private final int[] nameLength = new int[MAX_NAMES];
    private int names;
    /** The last string scanned: its content's bounds, and whether it has escapes or bytes beyond ASCII. */
    private int stringFrom;
    private int stringTo;
    private boolean escaped;
    private boolean ascii;

    /** A name or a text to compare with, as bytes. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts on {@code length} bytes of {@code bytes} from {@code offset}, which must hold one object. */
    void reset(byte[] bytes, int offset, int length) {
        b = bytes;
        pos = offset;
        end = offset + length;
        depth = 0;
        names = 0;
    }

    /** The end: only whitespace may follow the object. */
    void finish() {
        skipSpace();
        if (pos != end) {
            throw UNSURE;
        }
    }

    /** The next value's first byte (whitespace skipped), or 0 at the end of the input. */
    int peek() {
        skipSpace();
        return pos < end ? b[pos] : 0;
    }

    /**
     * Enters an object.
     *
     * @return its mark, for {@link #nextName}
     */
    int beginObject() {
        if (peek() != '{' || ++depth > MAX_DEPTH) {
            throw UNSURE;
        }
        pos++;
        return names;
    }

    /**
     * Reads the object's next name and its colon; the cursor is then on the value, which the caller reads or
     * skips. False at the object's end (which it leaves).
     *
     * @param mark what {@link #beginObject} answered
     */
    boolean nextName(int mark) {
        int c = peek();
        if (c == '}') {
            pos++;
            names = mark;
            depth--;
            return false;
        }
        if (names > mark) {
            if (c != ',') {
                throw UNSURE;
            }
            pos++;
            c = peek();
        }
        if (c != '"') {
            throw UNSURE;
        }
        scanString();
        int from = stringFrom;
        int n = stringTo - from;
        if (escaped || n > MAX_NAME_BYTES || names == MAX_NAMES) {
            throw UNSURE; // names are compared as bytes: one written with escapes could equal another
        }
        for (int k = mark; k < names; k++) {
            if (nameLength[k] == n && Arrays.equals(b, nameAt[k], nameAt[k] + n, b, from, from + n)) {
                throw UNSURE; // a duplicate, which Jackson refuses
            }
        }
        nameAt[names] = from;
        nameLength[names] = n;
        names++;
        if (peek() != ':') {
            throw UNSURE;
        }
        pos++;
        return true;
    }

    /** Whether the name just read is {@code name} (ASCII). */
    boolean nameIs(byte[] name) {
        int k = names - 1;
        int from = nameAt[k];
        return nameLength[k] == name.length && Arrays.equals(b, from, from + name.length, name, 0, name.length);
    }

    /** Enters an array; then {@link #nextElement} for each element. */
    void beginArray() {
        if (peek() != '[' || ++depth > MAX_DEPTH) {
            throw UNSURE;
        }
        pos++;
    }

    /**
     * Moves to the array's element {@code index} (0 for the first, counting up); false at the array's end (which
     * it leaves).
     */
    boolean nextElement(int index) {
        int c = peek();
        if (c == ']') {
            pos++;
            depth--;
            return false;
        }
        if (index > 0) {
            if (c != ',') {
                throw UNSURE;
            }
            pos++;
            peek();
        }
        return true;
    }

    /** Skips the value the cursor is on, checking all of it. */
    void skipValue() {
        int c = peek();
        switch (c) {
            case '{': {
                int mark = beginObject();
                while (nextName(mark)) {
                    skipValue();
                }
                return;
            }
            case '[':
                beginArray();
                for (int i = 0; nextElement(i); i++) {
                    skipValue();
                }
                return;
            case '"':
                scanString();
                return;
            case 't':
                literal(TRUE);
                return;
            case 'f':
                literal(FALSE);
                return;
            case 'n':
                literal(NULL);
                return;
            default:
                skipNumber();
        }
    }

    /** Skips a null and answers true, or answers false on any other value (left where it is). */
    boolean skipNull() {
        if (peek() != 'n') {
            return false;
        }
        literal(NULL);
        return true;
    }

    private void literal(byte[] word) {
        int n = word.length;
        if (end - pos < n || !Arrays.equals(b, pos, pos + n, word, 0, n)) {
            throw UNSURE;
        }
        pos += n;
        if (pos < end && isNameByte(b[pos])) {
            throw UNSURE; // "truex"
        }
    }

    private static boolean isNameByte(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c < 0;
    }

    /**
     * Skips a number (RFC 8259's grammar exactly: no leading zeros, a digit on both sides of the point).
     *
     * @return whether it is an integer (no fraction, no exponent) of at most 9 digits, so it fits in an int
     */
    boolean skipNumber() {
        peek();
        int from = pos;
        if (pos < end && b[pos] == '-') {
            pos++;
        }
        int digitsFrom = pos;
        if (pos < end && b[pos] == '0') {
            pos++;
        } else {
            digits();
        }
        int intDigits = pos - digitsFrom;
        boolean integer = true;
        if (pos < end && b[pos] == '.') {
            pos++;
            digits();
            integer = false;
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            digits();
            integer = false;
        }
        if (pos - from > MAX_NUMBER_BYTES || pos < end && isNameByte(b[pos]) || pos < end && b[pos] == '.') {
            throw UNSURE; // "01", "1.2.3", "1x": malformed; a long number: under Jackson's limits, but not ours to judge
        }
        return integer && intDigits <= 9;
    }

    /** One or more digits. */
    private void digits() {
        int from = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        if (pos == from) {
            throw UNSURE;
        }
    }

    /** Reads a string: its text, unescaped as Jackson does. */
    String readString() {
        if (peek() != '"') {
            throw UNSURE;
        }
        scanString();
        if (!escaped) {
            return new String(b, stringFrom, stringTo - stringFrom,
                    ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        return unescape(stringFrom, stringTo);
    }

    /** Where the last string read starts: its opening quote. */
    int stringStart() {
        return stringFrom - 1;
    }

    /** Where the cursor is: after what it read last. */
    int position() {
        return pos;
    }

    /**
     * Reads the string whose opening quote is at {@code quote}, within {@code [quote, end)} of {@code bytes};
     * {@link #position} is then after its closing quote.
     */
    String readStringAt(byte[] bytes, int quote, int end) {
        reset(bytes, quote, end - quote);
        return readString();
    }

    /** Reads a string and answers whether it is {@code text} (ASCII); unsure if it has escapes. */
    boolean readStringIs(byte[] text) {
        if (peek() != '"') {
            throw UNSURE;
        }
        scanString();
        if (escaped) {
            throw UNSURE;
        }
        int n = stringTo - stringFrom;
        return n == text.length && Arrays.equals(b, stringFrom, stringTo, text, 0, n);
    }

    /**
     * Scans the string the cursor is on (at its quote) to its closing quote, checking its escapes and its UTF-8,
     * and notes its bounds; eight bytes at a time up to the first quote, backslash, control or non-ASCII byte.
     */
    private void scanString() {
        int i = pos + 1;
        stringFrom = i;
        escaped = false;
        ascii = true;
        while (true) {
            while (i + 8 <= end) {
                long w = WordScan.word(b, i);
                long special = WordScan.equal(w, QUOTE) | WordScan.equal(w, BACKSLASH) | WordScan.below(w, SPACE)
                        | WordScan.high(w);
                if (special != 0) {
                    i += WordScan.first(special);
                    break;
                }
                i += 8;
            }
            if (i >= end) {
                throw UNSURE;
            }
            int c = b[i];
            if (c == '"') {
                stringTo = i;
                pos = i + 1;
                return;
            }
            if (c == '\\') {
                escaped = true;
                i = escape(i);
            } else if (c < 0) {
                ascii = false;
                i = utf8(i);
            } else if (c < ' ') {
                throw UNSURE; // a raw control character
            } else {
                i++; // the tail of the input, fewer than 8 bytes: byte by byte
            }
        }
    }

    /** Checks the escape at {@code i} (its backslash); returns the index after it. */
    private int escape(int i) {
        if (i + 1 >= end) {
            throw UNSURE;
        }
        switch (b[i + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return i + 2;
            case 'u':
                if (i + 6 > end) {
                    throw UNSURE;
                }
                for (int k = i + 2; k < i + 6; k++) {
                    hex(b[k]);
                }
                return i + 6;
            default:
                throw UNSURE;
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw UNSURE;
    }

    /**
     * Checks the UTF-8 sequence at {@code i} (Unicode's well-formed sequences: no overlong forms, no surrogates,
     * nothing past U+10FFFF); returns the index after it.
     */
    private int utf8(int i) {
        int lead = b[i] & 0xFF;
        int n;
        int min = 0x80;
        int max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            n = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 2;
            if (lead == 0xE0) {
                min = 0xA0;
            } else if (lead == 0xED) {
                max = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 3;
            if (lead == 0xF0) {
                min = 0x90;
            } else if (lead == 0xF4) {
                max = 0x8F;
            }
        } else {
            throw UNSURE;
        }
        if (i + n >= end) {
            throw UNSURE;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min || second > max) {
            throw UNSURE;
        }
        for (int k = i + 2; k <= i + n; k++) {
            if ((b[k] & 0xC0) != 0x80) {
                throw UNSURE;
            }
        }
        return i + n + 1;
    }

    /** The text of a string with escapes, already checked by {@link #scanString}. */
    private String unescape(int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c == '\\') {
                byte e = b[i + 1];
                switch (e) {
                    case 'b':
                        out.append('\b');
                        break;
                    case 'f':
                        out.append('\f');
                        break;
                    case 'n':
                        out.append('\n');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'u':
                        // each escape one char, as Jackson does: a pair of escapes makes a surrogate pair, and a
                        // lone surrogate stays lone
                        out.append((char) (hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4 | hex(b[i + 5])));
                        i += 6;
                        continue;
                    default:
                        out.append((char) e); // " \ /
                }
                i += 2;
            } else if (c >= 0) {
                out.append((char) c);
                i++;
            } else {
                int next = utf8(i);
                out.append(new String(b, i, next - i, StandardCharsets.UTF_8));
                i = next;
            }
        }
        return out.toString();
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }
}
