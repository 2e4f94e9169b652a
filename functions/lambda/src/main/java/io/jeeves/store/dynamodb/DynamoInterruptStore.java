package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.json.Json;
import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptKind;
import io.jeeves.kernel.interrupt.InterruptResponse;
import io.jeeves.kernel.interrupt.InterruptStatus;
import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.store.InterruptStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Interrupts on DynamoDB. Free-form {@code data} and the response are stored as JSON text. A pending
 * interrupt with an expiry carries {@code pending_pk} and so sits in the sparse expiry-index the cleanup
 * sweep reads.
 */
public final class DynamoInterruptStore implements InterruptStore {
    static final String PENDING = "PENDING";

    private final DynamoDbClient db;
    private final String table;
    private final CleanupConfig retention;

    public DynamoInterruptStore(DynamoDbClient db, String table, CleanupConfig retention) {
        this.db = db;
        this.table = table;
        this.retention = retention;
    }

    private Map<String, AttributeValue> toItem(Interrupt i, long version) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("interrupt_id", s(i.id()));
        item.put("kind", s(i.kind().wireName()));
        item.put("status", s(i.status().wireName()));
        item.put("request_id", s(i.requestId()));
        item.put("user_id", s(i.userId()));
        item.put("session_id", s(i.sessionId()));
        item.put("envelope_id", s(i.envelopeId()));
        if (i.question() != null) {
            item.put("question", s(i.question()));
        }
        if (i.message() != null) {
            item.put("message", s(i.message()));
        }
        item.put("data", s(Json.write(i.data())));
        if (i.response() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("text", i.response().text());
            r.put("approved", i.response().approved());
            r.put("decision", i.response().decision());
            r.put("data", i.response().data());
            r.put("received_at", i.response().receivedAt() == null ? null : Items.micros(i.response().receivedAt()));
            item.put("response", s(Json.write(r)));
        }
        item.put("created_at", time(i.createdAt()));
        if (i.expiresAt() != null) {
            item.put("expires_at", time(i.expiresAt()));
            if (i.status() == InterruptStatus.PENDING) {
                item.put("pending_pk", s(PENDING));
            }
        }
        if (i.resolvedAt() != null) {
            item.put("resolved_at", time(i.resolvedAt()));
        }
        Instant expiry = i.status() != InterruptStatus.PENDING
                ? i.createdAt().plusSeconds(retention.interruptRetentionSeconds())
                : i.expiresAt() == null ? null : i.expiresAt().plusSeconds(retention.interruptRetentionSeconds());
        if (expiry != null) {
            item.put("ttl", n(Items.ttl(expiry)));
        }
        item.put("version", n(version));
        return item;
    }

    @Override
    public boolean insert(Interrupt i) {
        return Items.putIfVersion(db, table, toItem(i, 1), "interrupt_id", 0);
    }

    @Override
    public Optional<Interrupt> get(String id) {
        var item = db.getItem(r -> r.tableName(table).key(Map.of("interrupt_id", s(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<Interrupt> update(Interrupt next) {
        Map<String, AttributeValue> item = toItem(next, next.version() + 1);
        return Items.putIfVersion(db, table, item, "interrupt_id", next.version())
                ? Optional.of(fromItem(item)) : Optional.empty();
    }

    @Override
    public List<Interrupt> bySession(String sessionId) {
        List<Interrupt> out = new ArrayList<>();
        db.queryPaginator(q -> q.tableName(table).indexName("session-index")
                .keyConditionExpression("session_id = :s").expressionAttributeValues(Map.of(":s", s(sessionId)))
                .scanIndexForward(true)).items().forEach(i -> out.add(fromItem(i)));
        return out;
    }

    @Override
    public List<Interrupt> withStatusCreatedBefore(InterruptStatus status, Instant cutoff, int limit) {
        QueryResponse r = db.query(q -> q.tableName(table).indexName("status-index")
                .keyConditionExpression("#status = :st AND created_at < :c").expressionAttributeNames(Items.names("status"))
                .expressionAttributeValues(Map.of(":st", s(status.wireName()), ":c", time(cutoff)))
                .scanIndexForward(true).limit(limit));
        return r.items().stream().map(this::fromItem).toList();
    }

    @Override
    public List<Interrupt> pendingExpiredBy(Instant now, int limit) {
        QueryResponse r = db.query(q -> q.tableName(table).indexName("expiry-index")
                .keyConditionExpression("pending_pk = :p AND expires_at < :now")
                .expressionAttributeValues(Map.of(":p", s(PENDING), ":now", time(now)))
                .scanIndexForward(true).limit(limit));
        return r.items().stream().map(this::fromItem).filter(i -> i.status() == InterruptStatus.PENDING).toList();
    }

    @Override
    public long countPending() {
        return db.queryPaginator(q -> q.tableName(table).indexName("status-index")
                .keyConditionExpression("#status = :st").expressionAttributeNames(Items.names("status"))
                .expressionAttributeValues(Map.of(":st", s(InterruptStatus.PENDING.wireName())))
                .select(Select.COUNT)).stream().mapToLong(QueryResponse::count).sum();
    }

    @Override
    public boolean delete(String id, long expectedVersion) {
        return Items.deleteIfVersion(db, table, Map.of("interrupt_id", s(id)), expectedVersion);
    }

    @SuppressWarnings("unchecked")
    private Interrupt fromItem(Map<String, AttributeValue> item) {
        InterruptResponse response = null;
        String r = Items.str(item, "response");
        if (r != null) {
            Map<String, Object> m = Json.parseMap(r);
            Object received = m.get("received_at");
            response = new InterruptResponse((String) m.get("text"), (Boolean) m.get("approved"),
                    (String) m.get("decision"), (Map<String, Object>) m.get("data"),
                    received == null ? null : Items.fromMicros(((Number) received).longValue()));
        }
        return new Interrupt(Items.str(item, "interrupt_id"), InterruptKind.parse(Items.str(item, "kind"), "kind"),
                InterruptStatus.fromWire(Items.str(item, "status")), Items.str(item, "request_id"),
                Items.str(item, "user_id"), Items.str(item, "session_id"), Items.str(item, "envelope_id"),
                Items.str(item, "question"), Items.str(item, "message"), Json.parseMap(Items.str(item, "data")), response,
                Items.instant(item, "created_at"), Items.instant(item, "expires_at"), Items.instant(item, "resolved_at"),
                Items.num(item, "version"));
    }

}
