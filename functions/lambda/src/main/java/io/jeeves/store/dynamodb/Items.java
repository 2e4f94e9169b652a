package io.jeeves.store.dynamodb;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Attribute conversions shared by the stores. Instants are stored as epoch microseconds (numbers, so
 * they sort and compare in key conditions); the TTL attribute is epoch seconds, as DynamoDB TTL wants.
 */
final class Items {
    /** How often a transaction that met another one in flight on its items is tried. */
    private static final int MAX_CONFLICT_ATTEMPTS = 10;

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

    /**
     * Runs one transaction, again while it met nothing but another transaction in flight on its items
     * (TransactionConflict: nothing was written; writers of one hot item, a counter, meet often), a few random
     * milliseconds apart, growing. A failed condition, or the last conflict, is thrown for the caller to read
     * ({@link #cancelledBy}, {@link #conditionFailed}).
     */
    static void transact(DynamoDbClient db, List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                db.transactWriteItems(r -> r.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                if (attempt == MAX_CONFLICT_ATTEMPTS || cancelledBy(e, "ConditionalCheckFailed")
                        || !cancelledBy(e, "TransactionConflict")) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether any write of the cancelled transaction failed with {@code code} (e.g. TransactionConflict). */
    static boolean cancelledBy(TransactionCanceledException e, String code) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream().map(CancellationReason::code).anyMatch(code::equals);
    }

    /** Whether the write at {@code index} of the cancelled transaction was refused by its condition. */
    static boolean conditionFailed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
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
