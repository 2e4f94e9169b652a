package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.governance.execution.module.ModuleResult;
import io.jeeves.governance.execution.store.IdempotencyRecord;
import io.jeeves.governance.execution.store.IdempotencyRecord.Status;
import io.jeeves.governance.execution.store.IdempotencyStore;
import io.jeeves.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Idempotency records on DynamoDB, one item per key ({@code idempotency_key}). Times are epoch
 * microseconds; {@code ttl} (epoch seconds, rounded up) lets DynamoDB remove a record once it has
 * expired, but TTL deletes late (often by days), so no decision rests on it: {@link #begin} replaces an
 * expired record that is still stored by the same rule as {@link IdempotencyRecord#canBeBegunAgain}, checked
 * in its condition expression. Each method is one conditional write, so of concurrent callers exactly one
 * wins. The result's output is stored as JSON text; its whole numbers read back as Long (BigInteger past a
 * long).
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {
    private static final String KEY = "idempotency_key";
    /** The attributes {@link #begin} writes or removes (DynamoDB refuses expression names left unused). */
    private static final Map<String, String> BEGIN_NAMES = Items.names("status", "version", "ttl", "expires_at",
            "in_progress_expires_at", "result_status", "output", "error_type", "error_message");

    private final DynamoDbClient db;
    private final String table;

    public DynamoIdempotencyStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /**
     * One UpdateItem, so the version can rise from the stored one without reading it first; it creates the
     * item when there is none. The condition is {@link IdempotencyRecord#canBeBegunAgain}: expired means
     * {@code expires_at <= now}, a lease ended means {@code in_progress_expires_at <= now}.
     */
    @Override
    public boolean begin(String key, Instant now, Duration inProgressTtl, Duration ttl) {
        Instant expiresAt = now.plus(ttl);
        Map<String, AttributeValue> values = Map.of(":ip", s(Status.IN_PROGRESS.name()), ":now", time(now),
                ":exp", time(expiresAt), ":lease", time(now.plus(inProgressTtl)), ":ttl", n(ttlSeconds(expiresAt)),
                ":zero", n(0), ":one", n(1));
        return Items.conditionally(() -> db.updateItem(r -> r.tableName(table).key(key(key))
                .conditionExpression("attribute_not_exists(" + KEY + ") OR #expires_at <= :now"
                        + " OR (#status = :ip AND #in_progress_expires_at <= :now)")
                .updateExpression("SET #status = :ip, #expires_at = :exp, #in_progress_expires_at = :lease, #ttl = :ttl,"
                        + " #version = if_not_exists(#version, :zero) + :one"
                        + " REMOVE #result_status, #output, #error_type, #error_message")
                .expressionAttributeNames(BEGIN_NAMES).expressionAttributeValues(values)));
    }

    @Override
    public boolean complete(String key, ModuleResult result) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":ip", s(Status.IN_PROGRESS.name()));
        values.put(":done", s(Status.COMPLETED.name()));
        values.put(":rs", s(result.status().name()));
        values.put(":out", s(Json.write(result.output())));
        values.put(":one", n(1));
        Map<String, String> names = Items.names("status", "result_status", "output", "version");
        StringBuilder update = new StringBuilder(
                "SET #status = :done, #result_status = :rs, #output = :out, #version = #version + :one");
        if (result.errorType() != null) {
            names.putAll(Items.names("error_type", "error_message"));
            values.put(":et", s(result.errorType()));
            values.put(":em", s(result.error()));
            update.append(", #error_type = :et, #error_message = :em");
        }
        return Items.conditionally(() -> db.updateItem(r -> r.tableName(table).key(key(key))
                .conditionExpression("#status = :ip").updateExpression(update.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values)));
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        return Items.get(db, table, key(key)).map(DynamoIdempotencyStore::fromItem);
    }

    @Override
    public boolean release(String key) {
        return Items.conditionally(() -> db.deleteItem(r -> r.tableName(table).key(key(key))
                .conditionExpression("#status = :ip").expressionAttributeNames(Items.names("status"))
                .expressionAttributeValues(Map.of(":ip", s(Status.IN_PROGRESS.name())))));
    }

    /** The TTL in epoch seconds, rounded up so that DynamoDB never removes a record before it expires. */
    static long ttlSeconds(Instant expiresAt) {
        return Items.ttl(expiresAt) + (expiresAt.getNano() > 0 ? 1 : 0);
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(KEY, s(key));
    }

    private static IdempotencyRecord fromItem(Map<String, AttributeValue> item) {
        String resultStatus = Items.str(item, "result_status");
        ModuleResult result = resultStatus == null ? null : new ModuleResult(ModuleResult.Status.valueOf(resultStatus),
                JsonObjects.read(Items.str(item, "output"), JsonObjects.Integers.LONG), Items.str(item, "error_type"),
                Items.str(item, "error_message"));
        return new IdempotencyRecord(Items.str(item, KEY), Status.valueOf(Items.str(item, "status")), result,
                Items.instant(item, "expires_at"), Items.instant(item, "in_progress_expires_at"),
                Items.num(item, "version"));
    }
}
