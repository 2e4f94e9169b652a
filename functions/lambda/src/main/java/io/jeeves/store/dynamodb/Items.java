package io.jeeves.store.dynamodb;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Attribute conversions shared by the stores. Instants are stored as epoch microseconds (numbers, so
 * they sort and compare in key conditions); the TTL attribute is epoch seconds, as DynamoDB TTL wants.
 */
final class Items {
    private Items() {
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue n(double v) {
        return AttributeValue.fromN(Double.toString(v));
    }

    static AttributeValue time(Instant t) {
        return n(micros(t));
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * Creation time (zero-padded epoch microseconds), then id: a unique string that sorts by time, then by
     * id, so paging over it never skips or repeats an item that shares its creation time with another.
     */
    static String createdKey(Instant createdAt, String id) {
        return String.format("%020d", micros(createdAt)) + "#" + id;
    }

    /** Puts a string attribute unless the value is null (DynamoDB has no null strings; absent reads back null). */
    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static long ttl(Instant t) {
        return t.getEpochSecond();
    }

    /** Puts a time attribute unless {@code value} is null. */
    static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, time(value));
        }
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0L : Long.parseLong(v.n());
    }

    static double dbl(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0.0 : Double.parseDouble(v.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : fromMicros(Long.parseLong(v.n()));
    }

    /** The item under {@code key}, read consistently; empty when there is none. */
    static Optional<Map<String, AttributeValue>> get(DynamoDbClient db, String table, Map<String, AttributeValue> key) {
        var item = db.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * Writes {@code item} (whose {@code version} is already the new one) if the stored item's version is
     * {@code expectedVersion}, or, when that is 0, if there is no item. False when the condition failed.
     */
    static boolean putIfVersion(DynamoDbClient db, String table, Map<String, AttributeValue> item, String keyAttribute,
            long expectedVersion) {
        if (expectedVersion == 0) {
            return conditionally(() -> db.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", keyAttribute))));
        }
        return conditionally(() -> db.putItem(r -> r.tableName(table).item(item).conditionExpression("#version = :v")
                .expressionAttributeNames(names("version")).expressionAttributeValues(Map.of(":v", n(expectedVersion)))));
    }

    /** Deletes the item if its version is still {@code expectedVersion}. */
    static boolean deleteIfVersion(DynamoDbClient db, String table, Map<String, AttributeValue> key, long expectedVersion) {
        return conditionally(() -> db.deleteItem(r -> r.tableName(table).key(key).conditionExpression("#version = :v")
                .expressionAttributeNames(names("version")).expressionAttributeValues(Map.of(":v", n(expectedVersion)))));
    }

    /** Runs one conditional write: true when it was made, false when its condition failed. */
    static boolean conditionally(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Expression attribute names {@code #name → name} for the given names. */
    static Map<String, String> names(String... names) {
        Map<String, String> m = new HashMap<>();
        for (String n : names) {
            m.put("#" + n, n);
        }
        return m;
    }
}
