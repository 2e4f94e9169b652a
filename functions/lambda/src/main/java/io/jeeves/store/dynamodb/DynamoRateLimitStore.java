package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;

import io.jeeves.kernel.ratelimit.RateState;
import io.jeeves.kernel.store.RateLimitStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One item per user: bucket counts per granularity as maps, replaced by a PutItem conditional on the
 * version read. The TTL attribute lets DynamoDB forget idle users; the cleanup function does it too.
 */
public final class DynamoRateLimitStore implements RateLimitStore {
    private final DynamoDbClient db;
    private final String table;

    public DynamoRateLimitStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public RateState load(String userId) {
        var item = db.getItem(r -> r.tableName(table).key(Map.of("user_id", s(userId))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return RateState.empty();
        }
        return new RateState(buckets(item.get("sec")), buckets(item.get("min")), buckets(item.get("hr")),
                Items.num(item, "version"));
    }

    private static Map<Long, Integer> buckets(AttributeValue v) {
        Map<Long, Integer> out = new HashMap<>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, c) -> out.put(Long.parseLong(k), Integer.parseInt(c.n())));
        }
        return out;
    }

    private static AttributeValue map(Map<Long, Integer> buckets) {
        Map<String, AttributeValue> m = new HashMap<>();
        buckets.forEach((k, c) -> m.put(Long.toString(k), n(c)));
        return AttributeValue.fromM(m);
    }

    @Override
    public boolean compareAndSet(String userId, RateState next, Instant forgetAfter) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("user_id", s(userId));
        item.put("sec", map(next.seconds()));
        item.put("min", map(next.minutes()));
        item.put("hr", map(next.hours()));
        item.put("version", n(next.version() + 1));
        item.put("ttl", n(Items.ttl(forgetAfter)));
        return Items.putIfVersion(db, table, item, "user_id", next.version());
    }

    @Override
    public int deleteIdle(Instant now, int limit) {
        int deleted = 0;
        AttributeValue cutoff = n(Items.ttl(now));
        var idle = db.scanPaginator(q -> q.tableName(table).filterExpression("#ttl < :now")
                .expressionAttributeNames(Items.names("ttl")).expressionAttributeValues(Map.of(":now", cutoff))
                .projectionExpression("user_id")).items();
        for (var item : idle) {
            if (deleted >= limit) {
                break;
            }
            try {
                // only if still idle: a request recorded meanwhile moved the TTL forward
                db.deleteItem(d -> d.tableName(table).key(Map.of("user_id", item.get("user_id")))
                        .conditionExpression("#ttl < :now").expressionAttributeNames(Items.names("ttl"))
                        .expressionAttributeValues(Map.of(":now", cutoff)));
                deleted++;
            } catch (ConditionalCheckFailedException ignored) {
                // became active again
            }
        }
        return deleted;
    }
}
