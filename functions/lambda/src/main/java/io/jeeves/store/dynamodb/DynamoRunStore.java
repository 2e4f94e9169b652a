package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.governance.execution.ExecutionRun;
import io.jeeves.governance.execution.RunError;
import io.jeeves.governance.execution.RunStatus;
import io.jeeves.governance.execution.store.RunStore;
import io.jeeves.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Execution runs on DynamoDB, one item per run ({@code run_id}). Every run carries {@code created_key}
 * (creation time, then id: unique), the sort key of {@code directive-index} (a directive's runs) and
 * {@code owner-index} (an owner's runs); both are read newest first. A status is a filter on
 * {@code owner-index}: DynamoDB applies {@code Limit} before the filter, so reading goes on until the
 * listing is full or the owner's runs are exhausted. The result is stored as JSON text; its whole numbers
 * read back as Long (BigInteger past a long). Writes are conditional on the version read.
 */
public final class DynamoRunStore implements RunStore {
    static final String DIRECTIVE_INDEX = "directive-index";
    static final String OWNER_INDEX = "owner-index";
    private static final Set<String> OWNER_INDEX_KEY = Set.of("run_id", "owner", "created_key");

    private final DynamoDbClient db;
    private final String table;

    public DynamoRunStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    private static Map<String, AttributeValue> toItem(ExecutionRun r, long version) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("run_id", s(r.id()));
        item.put("directive_id", s(r.directiveId()));
        item.put("owner", s(r.owner()));
        item.put("created_key", s(Items.createdKey(r.createdAt(), r.id())));
        item.put("status", s(r.status().wireName()));
        item.put("module", s(r.module()));
        item.put("attempts", n(r.attempts()));
        if (r.error() != null) {
            item.put("error_type", s(r.error().type()));
            item.put("error_message", s(r.error().message()));
        }
        if (r.result() != null) {
            item.put("result", s(Json.write(r.result())));
        }
        item.put("created_at", time(r.createdAt()));
        Items.putIfPresent(item, "started_at", r.startedAt());
        Items.putIfPresent(item, "ended_at", r.endedAt());
        item.put("updated_at", time(r.updatedAt()));
        Items.putIfPresent(item, "execution_arn", r.executionArn());
        item.put("version", n(version));
        return item;
    }

    @Override
    public boolean insert(ExecutionRun run) {
        return Items.putIfVersion(db, table, toItem(run, 1), "run_id", 0);
    }

    @Override
    public Optional<ExecutionRun> get(String id) {
        return Items.get(db, table, Map.of("run_id", s(id))).map(DynamoRunStore::fromItem);
    }

    @Override
    public Optional<ExecutionRun> update(ExecutionRun next) {
        if (next.version() < 1) {
            return Optional.empty(); // no stored run has version 0; putIfVersion would take it as an insert
        }
        Map<String, AttributeValue> item = toItem(next, next.version() + 1);
        return Items.putIfVersion(db, table, item, "run_id", next.version())
                ? Optional.of(fromItem(item)) : Optional.empty();
    }

    @Override
    public List<ExecutionRun> byDirective(String directiveId) {
        List<ExecutionRun> out = new ArrayList<>();
        db.queryPaginator(q -> q.tableName(table).indexName(DIRECTIVE_INDEX)
                .keyConditionExpression("directive_id = :d").expressionAttributeValues(Map.of(":d", s(directiveId)))
                .scanIndexForward(false)).items().forEach(i -> out.add(fromItem(i)));
        return out;
    }

    @Override
    public List<ExecutionRun> byOwner(String owner, RunStatus status, int limit) {
        Map<String, String> names = new HashMap<>(Items.names("owner"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":o", s(owner)));
        String filter = null;
        if (status != null) {
            names.putAll(Items.names("status"));
            values.put(":st", s(status.wireName()));
            filter = "#status = :st";
        }
        QueryRequest query = QueryRequest.builder().tableName(table).indexName(OWNER_INDEX)
                .keyConditionExpression("#owner = :o").filterExpression(filter).expressionAttributeNames(names)
                .expressionAttributeValues(values).scanIndexForward(false).build();
        // no page token to continue from: read until the listing is full or the index is exhausted
        return FilteredQuery.page(db, query, limit, null, OWNER_INDEX_KEY, Integer.MAX_VALUE).items().stream()
                .map(DynamoRunStore::fromItem).toList();
    }

    private static ExecutionRun fromItem(Map<String, AttributeValue> item) {
        String errorType = Items.str(item, "error_type");
        String result = Items.str(item, "result");
        return new ExecutionRun(Items.str(item, "run_id"), Items.str(item, "directive_id"), Items.str(item, "owner"),
                RunStatus.parse(Items.str(item, "status"), "status"), Items.str(item, "module"),
                Math.toIntExact(Items.num(item, "attempts")),
                errorType == null ? null : new RunError(errorType, Items.str(item, "error_message")),
                result == null ? null : JsonObjects.read(result, JsonObjects.Integers.LONG),
                Items.instant(item, "created_at"), Items.instant(item, "started_at"), Items.instant(item, "ended_at"),
                Items.instant(item, "updated_at"), Items.num(item, "version"), Items.str(item, "execution_arn"));
    }
}
