package io.jeeves.asl.runtime;

import io.jeeves.asl.AslError;
import io.jeeves.asl.StatesError;

/**
 * The payload limit on state input and output, measured on the JSON text the engine already has (for the
 * history) instead of serialising the payload again: its size in UTF-8, as AWS counts it.
 */
final class PayloadSize {
    private PayloadSize() {
    }

    /** The length of {@code json} in UTF-8 (a surrogate pair, one character beyond the BMP, is four bytes). */
    static int utf8Length(String json) {
        int n = json.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    /** Fails with States.DataLimitExceeded when the payload {@code json} is over {@link Engine#PAYLOAD_LIMIT}. */
    static void check(String json) {
        // every character takes at most three bytes: most payloads are decided without counting
        if (json.length() > Engine.PAYLOAD_LIMIT / 3 && utf8Length(json) > Engine.PAYLOAD_LIMIT) {
            throw new AslError(StatesError.DATA_LIMIT_EXCEEDED, "The state/task returned a result with a size exceeding "
                    + "the maximum number of bytes service limit.");
        }
    }
}
