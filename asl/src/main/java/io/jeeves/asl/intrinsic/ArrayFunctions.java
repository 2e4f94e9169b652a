package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.jeeves.json.Json;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength and ArrayUnique. */
final class ArrayFunctions {
    /** AWS: "The newly generated array can't contain more than 1000 items." */
    static final int MAX_RANGE_ITEMS = 1000;

    /**
     * JSON equality with numbers compared by value, so that 1 and 1.0 are the same item: JSON itself does
     * not distinguish them, while Jackson's node types would.
     */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private ArrayFunctions() {
    }

    static JsonNode array(Args args) {
        ArrayNode result = Json.MAPPER.createArrayNode();
        for (int i = 0; i < args.size(); i++) {
            result.add(args.any(i));
        }
        return result;
    }

    /** Chunks of the given size; the last may be shorter. The size is rounded and must then be positive. */
    static JsonNode partition(Args args) {
        ArrayNode input = args.array(0);
        long size = args.rounded(1);
        if (size < 1) {
            throw args.fail("the chunk size must be a positive integer, but was " + args.any(1));
        }
        ArrayNode result = Json.MAPPER.createArrayNode();
        ArrayNode chunk = null;
        for (JsonNode item : input) {
            if (chunk == null || chunk.size() == size) {
                chunk = result.addArray();
            }
            chunk.add(item);
        }
        return result;
    }

    static JsonNode contains(Args args) {
        ArrayNode input = args.array(0);
        JsonNode wanted = args.any(1);
        for (JsonNode item : input) {
            if (item.equals(SAME_VALUE, wanted)) {
                return BooleanNode.TRUE;
            }
        }
        return BooleanNode.FALSE;
    }

    /**
     * From the first to the last argument inclusive (when the step lands on it), by the step. All three are
     * rounded to integers; the step may be negative but not zero. A step pointing away from the end gives an
     * empty array.
     */
    static JsonNode range(Args args) {
        long first = args.rounded(0);
        long last = args.rounded(1);
        long step = args.rounded(2);
        if (step == 0) {
            throw args.fail("the step (argument 3) must not be zero");
        }
        long count = rangeCount(first, last, step);
        if (count > MAX_RANGE_ITEMS) {
            throw args.fail("the range would have " + count + " items, but at most " + MAX_RANGE_ITEMS
                    + " are allowed");
        }
        ArrayNode result = Json.MAPPER.createArrayNode();
        for (long i = 0; i < count; i++) {
            result.add(integerNode(first + i * step));
        }
        return result;
    }

    /** How many items the range has, computed without overflow even for extreme bounds. */
    private static long rangeCount(long first, long last, long step) {
        BigInteger span = BigInteger.valueOf(last).subtract(BigInteger.valueOf(first));
        if (span.signum() != 0 && span.signum() != Long.signum(step)) {
            return 0;
        }
        BigInteger count = span.divide(BigInteger.valueOf(step)).add(BigInteger.ONE);
        return count.bitLength() < Long.SIZE ? count.longValue() : Long.MAX_VALUE;
    }

    static JsonNode getItem(Args args) {
        ArrayNode input = args.array(0);
        long index = args.integer(1);
        if (index < 0 || index >= input.size()) {
            throw args.fail("index " + index + " is out of range for an array of length " + input.size());
        }
        return input.get((int) index);
    }

    static JsonNode length(Args args) {
        return IntNode.valueOf(args.array(0).size());
    }

    /**
     * Removes duplicates keeping the first occurrence of each value, in the original order. A hash set keeps
     * this linear: arrays near the 256 KiB payload limit hold tens of thousands of items.
     */
    static JsonNode unique(Args args) {
        ArrayNode input = args.array(0);
        ArrayNode result = Json.MAPPER.createArrayNode();
        Set<Item> seen = new HashSet<>();
        for (JsonNode item : input) {
            if (seen.add(new Item(item))) {
                result.add(item);
            }
        }
        return result;
    }

    /** A JSON value as a set element, equal and hashed by {@link #SAME_VALUE}. */
    private record Item(JsonNode node) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Item item && node.equals(SAME_VALUE, item.node);
        }

        @Override
        public int hashCode() {
            return hash(node);
        }

        private static int hash(JsonNode node) {
            if (node.isNumber()) {
                return node.decimalValue().stripTrailingZeros().hashCode();
            }
            if (node.isArray()) {
                int h = 1;
                for (JsonNode child : node) {
                    h = 31 * h + hash(child);
                }
                return h;
            }
            if (node.isObject()) {
                int h = 0;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    h += e.getKey().hashCode() ^ hash(e.getValue());
                }
                return h;
            }
            return node.hashCode();
        }
    }

    static JsonNode integerNode(long value) {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return IntNode.valueOf((int) value);
        }
        return LongNode.valueOf(value);
    }
}
