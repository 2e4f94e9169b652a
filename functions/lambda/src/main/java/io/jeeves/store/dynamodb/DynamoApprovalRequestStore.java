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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

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
        if (r.approvalExecution() != null) {
            item.put("approval_execution", s(r.approvalExecution()));
        }
        item.put("created_at", time(r.createdAt()));
        item.put("expires_at", time(r.expiresAt()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<ApprovalRequest> get(String directiveId) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key(directiveId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ApprovalRequest(directiveId, str(item, "task_token"), str(item, "approval_execution"),
                Items.fromMicros(Items.num(item, "created_at")), Items.fromMicros(Items.num(item, "expires_at"))));
    }

    @Override
    public boolean take(String directiveId, String taskToken) {
        try {
            db.deleteItem(b -> b.tableName(table).key(key(directiveId)).conditionExpression("task_token = :t")
                    .expressionAttributeValues(Map.of(":t", s(taskToken))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
