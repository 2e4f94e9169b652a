package io.jeeves.llm.provider;

import java.util.Arrays;

/**
 * The shape of the last event that a fast reader read whole: its bytes before and after the one string that
 * changes from event to event (the token). Streams repeat everything else byte for byte (OpenAI's id, model and
 * fingerprint in every chunk; Anthropic's type and index), so the next event is compared with those bytes, and
 * only its new string is scanned. An event that is the same bytes around another well-formed string is as
 * valid as the one read, and says the same but for that string.
 */
final class EventShape {
    /** The bytes up to the string's opening quote; null: no shape yet. */
    private byte[] before;
    /** The bytes after the string's closing quote, to the end of the event. */
    private byte[] after;

    /**
     * The string of an event of the remembered shape; null when it is not of that shape (or its string is not
     * one the cursor is sure of), and the event must be read whole.
     */
    String read(JsonCursor json, byte[] data, int offset, int length) {
        byte[] head = before;
        if (head == null || length < head.length + 2 + after.length) {
            return null;
        }
        int quote = offset + head.length;
        int end = offset + length;
        if (data[quote] != '"' || !Arrays.equals(data, offset, quote, head, 0, head.length)) {
            return null;
        }
        try {
            String s = json.readStringAt(data, quote, end);
            int rest = json.position();
            return end - rest == after.length && Arrays.equals(data, rest, end, after, 0, after.length) ? s : null;
        } catch (JsonCursor.Unsure e) {
            return null;
        }
    }

    /**
     * Remembers the shape of an event read whole, whose string (the one that changes) runs from its opening
     * quote at {@code quote} to before {@code rest}.
     */
    void remember(byte[] data, int offset, int length, int quote, int rest) {
        before = Arrays.copyOfRange(data, offset, quote);
        after = Arrays.copyOfRange(data, rest, offset + length);
    }
}
