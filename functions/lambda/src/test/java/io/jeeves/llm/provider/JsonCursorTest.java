package io.jeeves.llm.provider;

import static io.jeeves.llm.provider.JsonFuzz.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jeeves.json.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The strict reader against Jackson (configured as the adapters use it): whatever it reads to the end Jackson
 * accepts, the strings it returns are Jackson's, and it is not so timid that it declines valid JSON.
 */
class JsonCursorTest {
    private final JsonCursor cursor = new JsonCursor();

    /** The string of {@code {"s": ...}} as the cursor reads it; null when it is unsure. */
    private String cursorString(byte[] json, int offset, int length) {
        try {
            cursor.reset(json, offset, length);
            int mark = cursor.beginObject();
            if (!cursor.nextName(mark)) {
                return null;
            }
            String s = cursor.readString();
            if (cursor.nextName(mark)) {
                return null; // a mutation added a field: not the shape compared here
            }
            cursor.finish();
            return s;
        } catch (JsonCursor.Unsure e) {
            return null;
        }
    }

    /** The same as Jackson reads it; null when Jackson refuses it. */
    private static String jacksonString(byte[] json) {
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            p.nextToken();
            p.nextToken();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String s = p.getText();
            return p.nextToken() == JsonToken.END_OBJECT && p.nextToken() == null ? s : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the cursor reads the whole value to its end. */
    private boolean cursorReads(byte[] json, int offset, int length) {
        try {
            cursor.reset(json, offset, length);
            cursor.skipValue();
            cursor.finish();
            return true;
        } catch (JsonCursor.Unsure e) {
            return false;
        }
    }

    private boolean cursorReads(String json) {
        byte[] b = bytes(json);
        return cursorReads(b, 0, b.length);
    }

    /** Whether Jackson reads it: one value, every token of it, nothing after. */
    private static boolean jacksonReads(byte[] json) {
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void stringsAreReadAsJacksonReadsThemWithEveryEscapeAndUnicode() {
        JsonFuzz fuzz = new JsonFuzz(11);
        int valid = 0;
        int mutated = 0;
        for (int i = 0; i < 40_000; i++) {
            String text = fuzz.text(12);
            byte[] json = bytes("{\"s\":\"" + fuzz.escaped(text) + "\"}");
            boolean mutate = i % 2 == 1;
            if (mutate) {
                json = fuzz.mutate(json);
            }
            int[] offset = new int[1];
            byte[] in = fuzz.embedded(json, offset);
            String read = cursorString(in, offset[0], json.length);
            String jackson = jacksonString(json);
            if (!mutate) {
                valid++;
                assertThat(read).as("case %d: %s", i, new String(json, java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(text).isEqualTo(jackson);
            } else if (read != null) {
                mutated++;
                assertThat(jackson).as("case %d: %s", i, new String(json, java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(read);
            }
        }
        assertThat(valid).isEqualTo(20_000);
        assertThat(mutated).as("mutated cases read").isGreaterThan(2_000);
    }

    @Test
    void whatItReadsToTheEndJacksonAcceptsAndItReadsMuchOfWhatJacksonAccepts() {
        List<String> seeds = List.of(
                "{\"a\":1,\"b\":[true,false,null,-0.5e+3,{\"c\":\"d\",\"e\":[]}],\"f\":{},\"g\":\"h\\u00e9\"}",
                "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Zürich ☀️\"},\"finish_reason\":null}],\"usage\":null}",
                "{ \"type\" : \"content_block_delta\" , \"index\" : 0 , \"delta\" : { \"type\" : \"text_delta\" , \"text\" : \"hi\" } }",
                "[1, 2.0, -3e-2, \"four\", [[]], {\"five\": {\"six\": 6}}]", "{\"k\":12345678901234567890.5E-7}");
        JsonFuzz fuzz = new JsonFuzz(23);
        int read = 0;
        int declined = 0;
        int jacksonOnly = 0;
        for (int i = 0; i < 40_000; i++) {
            byte[] json = fuzz.mutate(bytes(seeds.get(i % seeds.size())));
            int[] offset = new int[1];
            byte[] in = fuzz.embedded(json, offset);
            boolean jackson = jacksonReads(json);
            if (cursorReads(in, offset[0], json.length)) {
                read++;
                assertThat(jackson).as("case %d: %s", i, new String(json, java.nio.charset.StandardCharsets.UTF_8)).isTrue();
            } else {
                declined++;
                if (jackson) {
                    jacksonOnly++;
                }
            }
        }
        assertThat(read).isGreaterThan(4_000);
        assertThat(declined).isGreaterThan(4_000);
        // declining is always safe, and the mutations aim at what it declines although Jackson reads it (names with
        // escapes; broken UTF-8, which Jackson lets through in names and in strings it skips); not much more
        assertThat(jacksonOnly).isLessThan(read / 4);
    }

    @Test
    void everyFormOfValidJsonIsRead() {
        for (String json : List.of("{}", " {} ", "\t{\r\n}\n", "[]", "{\"a\":[]}", "{\"a\":{}}", "{\"\":0}",
                "{\"a\":0}", "{\"a\":-0}", "{\"a\":7}", "{\"a\":-1.5}", "{\"a\":0.0}", "{\"a\":1e5}", "{\"a\":1E+5}",
                "{\"a\":1e-05}", "{\"a\":123456789012345678901234567890}", "{\"a\":true,\"b\":false,\"c\":null}",
                "{\"naïve\":\"x\",\"naive\":\"y\"}", "{\"a\":{\"b\":1},\"c\":{\"b\":2}}", "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
                "{\"a\":\"\\uD83D\\uDE00 \\ud800 \\u0000\"}", "{\"a\":\"\u007f\u2028\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")) {
            assertThat(jacksonReads(bytes(json))).as(json).isTrue();
            assertThat(cursorReads(json)).as(json).isTrue();
        }
    }

    @Test
    void malformedJsonIsDeclinedForJacksonToRefuse() {
        for (String json : List.of("", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,\"a\":1}", "{\"a\":1 \"b\":2}",
                "{\"a\":01}", "{\"a\":-01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}",
                "{\"a\":1e+}", "{\"a\":0x10}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1.2.3}", "{\"a\":tru}",
                "{\"a\":nul}", "{\"a\":truex}", "{\"a\":[1,]}", "{\"a\":[,1]}", "{'a':1}", "{a:1}", "{\"a\":\"x}",
                "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\t\"}", "{\"a\":\"\n\"}",
                "{\"a\":1}}", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":2}}", "{\"a\":1}{}",
                "{\"a\":1 /* c */}", "{\"a\":\"\\'\"}")) {
            assertThat(jacksonReads(bytes(json))).as(json).isFalse();
            assertThat(cursorReads(json)).as(json).isFalse();
        }
        for (byte[] json : List.of(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},
                new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'})) {
            assertThat(cursorReads(json, 0, json.length)).isFalse(); // not UTF-8 (some of it Jackson lets through)
        }
    }

    @Test
    void whatJacksonAcceptsButTheCursorDoesNotJudgeIsDeclined() {
        // names with escapes (compared as bytes, "a" and "\u0061" would be two names), long numbers, deep nesting
        assertThat(cursorReads("{\"\\u0061\":1}")).isFalse();
        assertThat(cursorReads("{\"a\":1" + "0".repeat(100) + "}")).isFalse();
        assertThat(cursorReads("[".repeat(33) + "]".repeat(33))).isFalse();
        assertThat(cursorReads("[".repeat(100_000))).isFalse(); // no stack overflow
        assertThat(cursorReads("\uFEFF{}")).isFalse(); // a byte order mark
    }

    @Test
    void itReadsOnlyItsSlice() {
        byte[] b = bytes("{\"a\":\"x\"}\"}");
        assertThat(cursorReads(b, 0, 9)).isTrue();
        assertThat(cursorReads(b, 0, 7)).isFalse(); // {"a":"x — the quote after it is not the slice's
        assertThat(cursorReads(b, 0, 8)).isFalse();
        byte[] padded = bytes("xx{\"a\":1}yy");
        assertThat(cursorReads(padded, 2, 7)).isTrue();
        assertThat(cursorReads(padded, 2, 6)).isFalse();
        byte[] longString = bytes("{\"a\":\"" + "y".repeat(40) + "\"}");
        for (int n = 0; n < longString.length; n++) { // every cut, across the eight-byte steps
            assertThat(cursorReads(longString, 0, n)).as("cut at %d", n).isFalse();
        }
    }

    @Test
    void namesAreFoundAndValuesOfOtherTypesAreNotReadAsStrings() {
        byte[] b = bytes("{\"content\":\"x\",\"index\":12,\"big\":1234567890,\"f\":1.0,\"n\":null}");
        cursor.reset(b, 0, b.length);
        int mark = cursor.beginObject();
        assertThat(cursor.nextName(mark)).isTrue();
        assertThat(cursor.nameIs(JsonCursor.ascii("content"))).isTrue();
        assertThat(cursor.nameIs(JsonCursor.ascii("conten"))).isFalse();
        assertThat(cursor.readStringIs(JsonCursor.ascii("x"))).isTrue();
        assertThat(cursor.nextName(mark)).isTrue();
        assertThatThrownBy(cursor::readString).isInstanceOf(JsonCursor.Unsure.class); // a number
        assertThat(cursor.skipNumber()).isTrue(); // fits in an int
        assertThat(cursor.nextName(mark)).isTrue();
        assertThat(cursor.skipNumber()).isFalse(); // ten digits: maybe not
        assertThat(cursor.nextName(mark)).isTrue();
        assertThat(cursor.skipNumber()).isFalse(); // not an integer
        assertThat(cursor.nextName(mark)).isTrue();
        assertThat(cursor.skipNull()).isTrue();
        assertThat(cursor.nextName(mark)).isFalse();
        cursor.finish();
    }
}
