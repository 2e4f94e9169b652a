package io.jeeves.store.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One page of a Query that may carry a FilterExpression. DynamoDB applies {@code Limit} before the
 * filter, so a page can come back short: this keeps reading from where the last read stopped until the
 * page is full, the index is exhausted or {@code maxRounds} reads were made (then the page is short but
 * its key continues exactly where reading stopped). It reads one item beyond the page, so a page that
 * happens to end the results carries no key (no empty last page).
 */
final class FilteredQuery {
    private FilteredQuery() {
    }

    /**
     * @param lastKey where the next page starts (an ExclusiveStartKey), null when there is no more
     */
    record Result(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastKey) {
    }

    /**
     * @param query the query without {@code Limit} and {@code ExclusiveStartKey}
     * @param start the ExclusiveStartKey, null for the first page
     * @param keyNames the attributes of the index's LastEvaluatedKey (table key and index key)
     */
    static Result page(DynamoDbClient db, QueryRequest query, int limit, Map<String, AttributeValue> start,
            Set<String> keyNames, int maxRounds) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = start;
        for (int round = 0; round < maxRounds; round++) {
            QueryResponse r = db.query(query.toBuilder().exclusiveStartKey(from).limit(limit + 1 - items.size()).build());
            items.addAll(r.items());
            from = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            if (from == null || items.size() > limit) {
                break;
            }
        }
        if (items.size() <= limit) {
            return new Result(items, from);
        }
        Map<String, AttributeValue> last = items.get(limit - 1);
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        keyNames.forEach(k -> key.put(k, last.get(k)));
        return new Result(List.copyOf(items.subList(0, limit)), key);
    }
}
