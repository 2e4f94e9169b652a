package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.llm.embedding.VectorStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Vectors on DynamoDB: one partition per collection ({@code collection}, {@code item_id}), the vector a binary
 * attribute of little-endian floats (4 bytes a dimension: a 1,536-dimension vector is 6 KB), inserted only if
 * the id is free, read back with paginated queries of the partition.
 */
public final class DynamoVectorStore implements VectorStore {
    private final DynamoDbClient db;
    private final String table;

    public DynamoVectorStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public boolean insert(String collection, Item item) {
        Map<String, AttributeValue> a = new HashMap<>();
        a.put("collection", s(collection));
        a.put("item_id", s(item.id()));
        ByteBuffer bytes = ByteBuffer.allocate(item.vector().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : item.vector()) {
            bytes.putFloat(f);
        }
        a.put("vector", AttributeValue.fromB(SdkBytes.fromByteArray(bytes.array())));
        a.put("summary", s(item.summary()));
        Items.putIfPresent(a, "source", item.source());
        a.put("created_at", time(item.createdAt()));
        return Items.conditionally(() -> db.putItem(r -> r.tableName(table).item(a)
                .conditionExpression("attribute_not_exists(item_id)")));
    }

    @Override
    public int count(String collection) {
        int n = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = db.query(query(collection, start).select(Select.COUNT).build());
            n += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return n;
    }

    @Override
    public List<Item> all(String collection, int limit) {
        List<Item> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = db.query(query(collection, start).build());
            for (Map<String, AttributeValue> i : r.items()) {
                if (out.size() < limit) {
                    out.add(item(i));
                }
            }
            start = out.size() < limit && r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                    ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    private QueryRequest.Builder query(String collection, Map<String, AttributeValue> start) {
        return QueryRequest.builder().tableName(table).keyConditionExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", "collection")).expressionAttributeValues(Map.of(":c", s(collection)))
                .exclusiveStartKey(start);
    }

    private static Item item(Map<String, AttributeValue> i) {
        ByteBuffer bytes = i.get("vector").b().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.remaining() / 4];
        for (int k = 0; k < v.length; k++) {
            v[k] = bytes.getFloat();
        }
        return new Item(Items.str(i, "item_id"), v, Items.str(i, "summary"), Items.str(i, "source"),
                Items.instant(i, "created_at"));
    }
}
