package io.jeeves.llm.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looks at bytes eight at a time (one {@code long}), for the scans that run over every byte of a stream: a
 * mask has the high bit of each byte that matched set, and the lowest such byte is always a true match
 * (borrows can only flag bytes above a match), so {@link #first} finds the first match exactly.
 */
public final class WordScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private WordScan() {
    }

    /** Eight bytes from {@code i} (the first in the lowest bits); {@code i + 8} must not pass the array's end. */
    public static long word(byte[] bytes, int i) {
        return (long) LONGS.get(bytes, i);
    }

    /** {@code b} in all eight bytes. */
    public static long repeat(int b) {
        return ONES * (b & 0xFF);
    }

    /** The bytes of {@code word} equal to the byte repeated in {@code repeated}. */
    public static long equal(long word, long repeated) {
        long x = word ^ repeated;
        return (x - ONES) & ~x & HIGHS;
    }

    /** The bytes of {@code word} below the byte repeated in {@code repeated} (which must be at most 0x80). */
    public static long below(long word, long repeated) {
        return (word - repeated) & ~word & HIGHS;
    }

    /** The bytes of {@code word} at 0x80 or above (not ASCII). */
    public static long high(long word) {
        return word & HIGHS;
    }

    /** The index (0–7) of the first byte flagged in a non-zero {@code mask}. */
    public static int first(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }
}
