package io.jeeves.asl.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.asl.AslError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadSizeTest {
    @Test
    void countsUtf8BytesAsAwsDoes() {
        for (String s : new String[] {"", "{\"a\":1}", "café", "€", "日本語", "😀", "a😀b€é", "\u007f\u0080\u07ff\u0800\uffff"}) {
            assertThat(PayloadSize.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void theLimitIsInclusiveAndCountedInBytesNotCharacters() {
        String exactly = "\"" + "x".repeat(Engine.PAYLOAD_LIMIT - 2) + "\"";
        PayloadSize.check(exactly);
        assertThatThrownBy(() -> PayloadSize.check("\"" + "x".repeat(Engine.PAYLOAD_LIMIT - 1) + "\""))
                .isInstanceOfSatisfying(AslError.class, e -> assertThat(e.error()).isEqualTo("States.DataLimitExceeded"));
        // 100,000 characters of three bytes each: under the limit in characters, over it in bytes
        assertThatThrownBy(() -> PayloadSize.check("\"" + "€".repeat(100_000) + "\""))
                .isInstanceOf(AslError.class);
        PayloadSize.check("\"" + "€".repeat(80_000) + "\"");
    }
}
