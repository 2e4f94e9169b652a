package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.error.UnavailableException;
import io.jeeves.llm.embedding.VectorStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Vectors on DynamoDB (ADR 013): one partition per collection ({@code collection}, {@code item_id}), the
 * vector a binary attribute of little-endian floats (4 bytes a dimension: a 1,536-dimension vector is 6 KB).
 * Each partition also holds its count, the item {@link #COUNT} (no document id can be {@code #}-anything), and
 * an insert writes the document and adds one to the count in one transaction, conditional on the id being free
 * and the count below the bound: the bound holds whatever other writers do, and reading the count is one small
 * item, not the partition. A read of the collection queries the documents (they sort after the count) page by
 * page, eventually consistent: a search a moment after an insert may miss it, at half the read cost.
 */
public final class DynamoVectorStore implements VectorStore {
    /** The item holding the collection's count, in {@code items}. */
    static final String COUNT = "#count";

    private final DynamoDbClient db;
    private final String table;

    public DynamoVectorStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Insert insert(String collection, Item item, int capacity) {
        if (capacity < 1) {
            return Insert.FULL;
        }
        Map<String, AttributeValue> a = new HashMap<>(key(collection, item.id()));
        ByteBuffer bytes = ByteBuffer.allocate(item.vector().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : item.vector()) {
            bytes.putFloat(f);
        }
        a.put("vector", AttributeValue.fromB(SdkBytes.fromByteArray(bytes.array())));
        a.put("text_sha256", s(item.textSha256()));
        a.put("summary", s(item.summary()));
        Items.putIfPresent(a, "source", item.source());
        a.put("created_at", time(item.createdAt()));
        TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName(table).item(a)
                .conditionExpression("attribute_not_exists(item_id)")).build();
        TransactWriteItem count = TransactWriteItem.builder().update(u -> u.tableName(table).key(key(collection, COUNT))
                .updateExpression("ADD #items :one").conditionExpression("attribute_not_exists(#items) OR #items < :capacity")
                .expressionAttributeNames(Items.names("items"))
                .expressionAttributeValues(Map.of(":one", n(1), ":capacity", n(capacity)))).build();
        try {
            Items.transact(db, List.of(put, count));
            return Insert.INSERTED;
        } catch (TransactionCanceledException e) {
            if (Items.conditionFailed(e, 0)) {
                return Insert.TAKEN;
            }
            if (Items.conditionFailed(e, 1)) {
                return Insert.FULL;
            }
            if (Items.cancelledBy(e, "TransactionConflict")) { // other writers of the count kept this one out
                throw new UnavailableException("this memory is busy with other writes; retry shortly", 1L, e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Item> get(String collection, String id) {
        if (id.equals(COUNT)) {
            return Optional.empty();
        }
        return Items.get(db, table, key(collection, id)).map(DynamoVectorStore::item);
    }

    @Override
    public int count(String collection) {
        return Items.get(db, table, key(collection, COUNT)).map(i -> (int) Items.num(i, "items")).orElse(0);
    }

    @Override
    public List<Item> all(String collection, int limit) {
        List<Item> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        while (out.size() < limit) {
            Map<String, AttributeValue> from = start;
            QueryResponse r = db.query(q -> q.tableName(table).keyConditionExpression("#c = :c AND item_id > :count")
                    .expressionAttributeNames(Map.of("#c", "collection"))
                    .expressionAttributeValues(Map.of(":c", s(collection), ":count", s(COUNT)))
                    .limit(limit - out.size()).exclusiveStartKey(from));
            r.items().forEach(i -> out.add(item(i)));
            if (!r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
                break;
            }
            start = r.lastEvaluatedKey();
        }
        return out;
    }

    private static Map<String, AttributeValue> key(String collection, String itemId) {
        return Map.of("collection", s(collection), "item_id", s(itemId));
    }

    private static Item item(Map<String, AttributeValue> i) {
        ByteBuffer bytes = i.get("vector").b().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.remaining() / Float.BYTES];
        for (int k = 0; k < v.length; k++) {
            v[k] = bytes.getFloat();
        }
        return new Item(Items.str(i, "item_id"), v, Items.str(i, "text_sha256"), Items.str(i, "summary"),
                Items.str(i, "source"), Items.instant(i, "created_at"));
    }
}
