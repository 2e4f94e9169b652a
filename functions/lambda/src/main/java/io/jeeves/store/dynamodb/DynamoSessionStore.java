package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.store.SessionStore;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Sessions keyed by (user, session). Every session item carries {@code kind = "session"} so the
 * activity-index orders all sessions by last activity, for counting and for collecting stale ones.
 */
public final class DynamoSessionStore implements SessionStore {
    static final String KIND = "session";

    private final DynamoDbClient db;
    private final String table;
    private final CleanupConfig retention;

    public DynamoSessionStore(DynamoDbClient db, String table, CleanupConfig retention) {
        this.db = db;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public void touch(String userId, String sessionId, Instant now) {
        try {
            db.updateItem(r -> r.tableName(table).key(Map.of("user_id", s(userId), "session_id", s(sessionId)))
                    .updateExpression("SET #kind = :kind, last_activity_at = :now, #ttl = :ttl, "
                            + "created_at = if_not_exists(created_at, :now)")
                    .conditionExpression("attribute_not_exists(last_activity_at) OR last_activity_at < :now")
                    .expressionAttributeNames(Items.names("kind", "ttl"))
                    .expressionAttributeValues(Map.of(":kind", s(KIND), ":now", time(now),
                            ":ttl", n(Items.ttl(now.plusSeconds(retention.sessionRetentionSeconds()))))));
        } catch (ConditionalCheckFailedException e) {
            // a later activity was already recorded
        }
    }

    @Override
    public long countActiveSince(Instant since) {
        return db.queryPaginator(q -> q.tableName(table).indexName("activity-index")
                .keyConditionExpression("#kind = :kind AND last_activity_at >= :since")
                .expressionAttributeNames(Items.names("kind"))
                .expressionAttributeValues(Map.of(":kind", s(KIND), ":since", time(since)))
                .select(Select.COUNT)).stream().mapToLong(QueryResponse::count).sum();
    }

    @Override
    public int deleteInactiveBefore(Instant cutoff, int limit) {
        QueryResponse r = db.query(q -> q.tableName(table).indexName("activity-index")
                .keyConditionExpression("#kind = :kind AND last_activity_at < :cutoff")
                .expressionAttributeNames(Items.names("kind"))
                .expressionAttributeValues(Map.of(":kind", s(KIND), ":cutoff", time(cutoff)))
                .scanIndexForward(true).limit(limit));
        int deleted = 0;
        for (var item : r.items()) {
            try {
                db.deleteItem(d -> d.tableName(table)
                        .key(Map.of("user_id", item.get("user_id"), "session_id", item.get("session_id")))
                        .conditionExpression("last_activity_at < :cutoff")
                        .expressionAttributeValues(Map.of(":cutoff", time(cutoff))));
                deleted++;
            } catch (ConditionalCheckFailedException ignored) {
                // active again since the index was read
            }
        }
        return deleted;
    }
}
