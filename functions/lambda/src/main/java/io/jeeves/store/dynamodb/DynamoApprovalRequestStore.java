package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.str;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.governance.approval.ApprovalRequest;
import io.jeeves.governance.approval.ApprovalRequestStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A directive's pending approval on DynamoDB: the item {@code "approval"} of the directive's partition in the
 * directives table (ADR 002: part of the directive's aggregate; not in its indexes, not in its trail).
 */
public final class DynamoApprovalRequestStore implements ApprovalRequestStore {
    static final String APPROVAL = "approval";

    private final DynamoDbClient db;
    private final String table;

    public DynamoApprovalRequestStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String directiveId) {
        return Map.of("directive_id", s(directiveId), "item", s(APPROVAL));
    }

    @Override
    public void put(ApprovalRequest r) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(r.directiveId()));
        item.put("task_token", s(r.taskToken()));
        Items.putIfPresent(item, "approval_execution", r.approvalExecution());
        item.put("created_at", time(r.createdAt()));
        item.put("expires_at", time(r.expiresAt()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<ApprovalRequest> get(String directiveId) {
        return Items.get(db, table, key(directiveId)).map(item -> new ApprovalRequest(directiveId, str(item, "task_token"),
                str(item, "approval_execution"), Items.instant(item, "created_at"), Items.instant(item, "expires_at")));
    }

    @Override
    public boolean take(String directiveId, String taskToken) {
        return Items.conditionally(() -> db.deleteItem(b -> b.tableName(table).key(key(directiveId))
                .conditionExpression("task_token = :t").expressionAttributeValues(Map.of(":t", s(taskToken)))));
    }
}
