package io.jeeves.llm.provider;

import static io.jeeves.llm.provider.JsonFuzz.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An event read by its shape: the same bytes around a new string, or nothing. */
class EventShapeTest {
    private final JsonCursor json = new JsonCursor();
    private final EventShape shape = new EventShape();

    private String read(String event) {
        byte[] padded = bytes("\"}" + event + "\"}");
        return shape.read(json, padded, 2, padded.length - 4);
    }

    @Test
    void nothingBeforeAShapeIsRemembered() {
        assertThat(read("{\"t\":\"x\"}")).isNull();
    }

    @Test
    void theSameBytesAroundAnotherStringGiveThatString() {
        byte[] first = bytes("{\"a\":1,\"t\":\"first\",\"z\":[null]}");
        shape.remember(first, 0, first.length, 11, 18);
        assertThat(read("{\"a\":1,\"t\":\"first\",\"z\":[null]}")).isEqualTo("first");
        assertThat(read("{\"a\":1,\"t\":\"\",\"z\":[null]}")).isEmpty();
        assertThat(read("{\"a\":1,\"t\":\"Zürich \\\"☀️\\\" \\u00e9\\n\",\"z\":[null]}")).isEqualTo("Zürich \"☀️\" é\n");
        assertThat(read("{\"a\":1,\"t\":\"\\\",\\\"z\\\":[null]}\",\"z\":[null]}")).isEqualTo("\",\"z\":[null]}");
    }

    @Test
    void anythingElseIsNotOfTheShape() {
        byte[] first = bytes("{\"a\":1,\"t\":\"first\",\"z\":[null]}");
        shape.remember(first, 0, first.length, 11, 18);
        for (String other : List.of("{\"a\":2,\"t\":\"first\",\"z\":[null]}", "{\"a\":1,\"t\":\"first\",\"z\":[null] }",
                "{\"a\":1,\"t\":\"first\",\"z\":[nul]}", "{\"a\":1,\"t\":\"first\",\"z\":[nulL]}",
                "{\"b\":1,\"t\":\"first\",\"z\":[null]}", "{\"a\":1,\"t\": \"first\",\"z\":[null]}",
                "{\"a\":1,\"t\":\"fi\"rst\",\"z\":[null]}", "{\"a\":1,\"t\":\"first\",\"z\":[null]}}",
                "{\"a\":1,\"t\":\"first\",\"z\":[null]", "{\"a\":1,\"t\":\"\\x\",\"z\":[null]}",
                "{\"a\":1,\"t\":\"tab\there\",\"z\":[null]}", "{\"a\":1,\"t\":1,\"z\":[null]}",
                "{\"a\":1,\"t\":\"\",\"z\":[null]},\"z\":[null]}", "{\"a\":1,\"t\":\"")) {
            assertThat(read(other)).as(other).isNull();
        }
        byte[] broken = bytes("{\"a\":1,\"t\":\"__\",\"z\":[null]}");
        broken[12] = (byte) 0xC3; // a UTF-8 sequence cut short
        assertThat(shape.read(json, broken, 0, broken.length)).isNull();
    }
}
