package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** States.MathRandom and States.MathAdd. */
final class MathFunctions {
    private MathFunctions() {
    }

    /**
     * A random integer from start (inclusive) to end (exclusive). Both are rounded to integers; with the
     * optional third argument as seed the result is reproducible, as AWS promises ("the same seed value
     * returns identical numbers"). Not for security: AWS says the same of its own.
     */
    static JsonNode random(Args args) {
        long start = args.rounded(0);
        long end = args.rounded(1);
        if (start >= end) {
            throw args.fail("the start (" + start + ") must be less than the end (" + end + ")");
        }
        Random generator = args.size() == 3 ? new Random(args.rounded(2)) : ThreadLocalRandom.current();
        return ArrayFunctions.integerNode(generator.nextLong(start, end));
    }

    /**
     * The sum of two integers. Non-integers are rounded first; each operand must lie in the 32-bit range
     * AWS documents (-2147483648 to 2147483647). The sum itself is exact, never wrapped.
     */
    static JsonNode add(Args args) {
        long a = int32(args, 0);
        long b = int32(args, 1);
        return ArrayFunctions.integerNode(a + b);
    }

    private static long int32(Args args, int index) {
        long value = args.rounded(index);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw args.fail("argument " + (index + 1) + " (" + value + ") is outside -2147483648 to 2147483647");
        }
        return value;
    }
}
