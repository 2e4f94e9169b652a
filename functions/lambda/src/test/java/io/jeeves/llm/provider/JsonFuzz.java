package io.jeeves.llm.provider;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutations of JSON events for the differential tests of the fast readers: each case is a seed changed once (or
 * two or three times) (a byte replaced, removed or inserted, the event cut short, whitespace, escapes, raw and broken
 * UTF-8, duplicate or nested unknown fields, numbers of every form, values of other types), from a fixed seed
 * so that a failure can be replayed.
 */
final class JsonFuzz {
    /** Bytes that matter to a JSON reader, and some that are invalid anywhere. */
    private static final byte[] INTERESTING = bytes("\"\\{}[],:0123456789-+.eEtfnulx \t\r\n/ubfrt");
    private static final int[] RAW = {0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2, 0xED,
        0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    private static final String[] ESCAPES = {"\\n", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\t", "\\u00e9",
        "\\u00E9", "\\u20AC", "\\uD83D\\uDE00", "\\ud83d\\ude00", "\\uD800", "\\uDC00", "\\uDE00\\uD83D", "\\u0000",
        "\\u001f", "\\x", "\\u12G4", "\\u12", "\\", "\\'", "\\U00e9", "\\u"};
    /** UTF-8 text, valid and not: overlong, surrogates, past U+10FFFF, cut, stray continuation bytes. */
    private static final byte[][] UTF8 = {bytes("é"), bytes("☀️"), bytes("𝄞"), bytes("°C"), bytes("\u2028"),
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80},
        {(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "7", "1.5", "-0.0", "1e5", "1E+5", "1e-5", "0.5e10",
        "123456789", "-123456789", "1234567890", "2147483648", "12345678901234567890", "1e400", "1.0", "01", "1.",
        ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "--1", "1.2.3", "00", "-01", "1ee5", "1.5e", "0e0"};
    private static final String[] VALUES = {"null", "true", "false", "{}", "[]", "\"\"", "\"x\"", "1", "[1,{\"a\":null}]",
        "{\"a\":[]}", "nul", "tru", "nullx", "truefalse", "[,]", "{,}", "[1,]", "{\"a\":1,}"};
    private static final String[] FIELDS = {"\"index\":0,", "\"content\":\"x\",", "\"delta\":{},", "\"type\":\"text_delta\",",
        "\"text\":\"y\",", "\"choices\":[],", "\"usage\":null,", "\"error\":null,", "\"finish_reason\":\"stop\",",
        "\"x\":{\"a\":[1,-2.5e3,{\"b\":null,\"c\":true}],\"d\":\"\\u00e9\"},", "\"\\u0069ndex\":1,",
        "\"tool_calls\":null,", "\"usage\":{\"prompt_tokens\":1},", "\"error\":{\"message\":\"m\"},", "\"partial_json\":\"{}\","};

    private final Random random;

    JsonFuzz(long seed) {
        this.random = new Random(seed);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One mutation of {@code seed}, sometimes two or three. */
    byte[] mutate(byte[] seed) {
        byte[] b = seed;
        int n = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
        for (int i = 0; i < n; i++) {
            b = mutateOnce(b);
        }
        return b;
    }

    private byte[] mutateOnce(byte[] b) {
        int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
        switch (random.nextInt(12)) {
            case 0: { // a byte replaced
                if (b.length == 0) {
                    return b;
                }
                byte[] c = b.clone();
                int i = Math.min(at, b.length - 1);
                c[i] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
                return c;
            }
            case 1: // a byte removed
                return b.length == 0 ? b : splice(b, Math.min(at, b.length - 1), 1, new byte[0]);
            case 2: // cut short
                return java.util.Arrays.copyOf(b, at);
            case 3: // whitespace, JSON's and not
                return splice(b, at, 0, bytes(new String[] {" ", "\t", "\n", "\r", "  \n ", "\f", "\u00a0"}[random.nextInt(7)]));
            case 4: // an escape, mostly inside a string
                return splice(b, insideString(b, at), 0, bytes(ESCAPES[random.nextInt(ESCAPES.length)]));
            case 5: // raw UTF-8, valid or not, mostly inside a string
                return splice(b, insideString(b, at), 0, UTF8[random.nextInt(UTF8.length)]);
            case 6: // a raw byte that is invalid or special
                return splice(b, at, 0, new byte[] {(byte) RAW[random.nextInt(RAW.length)]});
            case 7: // a field after an object's brace: duplicates, nested unknowns, names with escapes
                return afterBrace(b, FIELDS[random.nextInt(FIELDS.length)]);
            case 8: // a number of some form as a field
                return afterBrace(b, "\"n\":" + NUMBERS[random.nextInt(NUMBERS.length)] + ",");
            case 9: // a value replaced by another of some type or form
                return replaceValue(b, random.nextBoolean() ? VALUES[random.nextInt(VALUES.length)]
                        : NUMBERS[random.nextInt(NUMBERS.length)]);
            case 10: // something after the object
                return splice(b, b.length, 0, bytes(new String[] {" ", "\n", "x", "}", "{}", " 1", "\u0000"}[random.nextInt(7)]));
            default: // an INTERESTING byte inserted
                return splice(b, at, 0, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
        }
    }

    /** A position just after an opening quote of a string (some string of {@code b}), or {@code at} if none. */
    private int insideString(byte[] b, int at) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '"') {
                quotes.add(i + 1);
            }
        }
        return quotes.isEmpty() || random.nextInt(5) == 0 ? at : quotes.get(random.nextInt(quotes.size()));
    }

    private byte[] afterBrace(byte[] b, String field) {
        List<Integer> braces = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '{') {
                braces.add(i + 1);
            }
        }
        if (braces.isEmpty()) {
            return b;
        }
        return splice(b, braces.get(random.nextInt(braces.size())), 0, bytes(field));
    }

    /** The value after some colon replaced, up to the next comma or closing bracket. */
    private byte[] replaceValue(byte[] b, String value) {
        List<Integer> colons = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == ':') {
                colons.add(i + 1);
            }
        }
        if (colons.isEmpty()) {
            return b;
        }
        int from = colons.get(random.nextInt(colons.size()));
        int to = from;
        boolean inString = false;
        while (to < b.length && (inString || (b[to] != ',' && b[to] != '}' && b[to] != ']'))) {
            if (b[to] == '"' && (to == from || b[to - 1] != '\\')) {
                inString = !inString;
            }
            to++;
        }
        return splice(b, from, to - from, bytes(value));
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.write(insert, 0, insert.length);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }

    /**
     * {@code json} placed in a larger array between bytes that would complete it if read by mistake (a closing
     * quote and braces), to check that a reader keeps to its slice: the array and the slice's offset.
     */
    byte[] embedded(byte[] json, int[] offset) {
        int before = random.nextInt(9);
        byte[] filler = bytes("\"}]}\" ,}");
        byte[] out = new byte[before + json.length + filler.length];
        for (int i = 0; i < before; i++) {
            out[i] = filler[i % filler.length];
        }
        System.arraycopy(json, 0, out, before, json.length);
        System.arraycopy(filler, 0, out, before + json.length, filler.length);
        offset[0] = before;
        return out;
    }

    /** A random string of code points of every kind: ASCII, controls, accents, symbols, astral, lone surrogates. */
    String text(int maxLength) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(7)) {
                case 0:
                    s.appendCodePoint(random.nextInt(0x20));
                    break;
                case 5:
                    s.append((char) (0xD800 + random.nextInt(0x800))); // a surrogate, alone (or paired by chance)
                    break;
                case 1:
                    s.appendCodePoint(0xA0 + random.nextInt(0x700));
                    break;
                case 2:
                    s.appendCodePoint(0x2000 + random.nextInt(0xB000)); // up to the surrogates, not into them
                    break;
                case 3:
                    s.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    break;
                default:
                    s.append((char) (0x20 + random.nextInt(0x60)));
            }
        }
        return s.toString();
    }

    /** {@code text} as the content of a JSON string (without the quotes), each character escaped or not at random. */
    String escaped(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (random.nextBoolean()) {
                    out.append(c).append(text.charAt(i + 1)); // raw: UTF-8's four bytes
                } else {
                    out.append(String.format("\\u%04x\\u%04X", (int) c, (int) text.charAt(i + 1)));
                }
                i++;
                continue;
            }
            // a lone surrogate has no UTF-8 form: only an escape can carry it
            boolean must = c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c);
            if (!must && random.nextInt(4) != 0) {
                out.append(c);
                continue;
            }
            switch (random.nextInt(3)) {
                case 0:
                    String shortForm = shortEscape(c);
                    if (shortForm != null) {
                        out.append(shortForm);
                        break;
                    }
                    // fall through: no short form
                case 1:
                    out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                    break;
                default:
                    if (must) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }

    private static String shortEscape(char c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '/':
                return "\\/";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                return null;
        }
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
