package io.jeeves.store.dynamodb;

import io.jeeves.kernel.store.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
     * A listing over one partition of an index.
     *
     * @param keyNames the attributes of the index's LastEvaluatedKey (table key and index key)
     * @param filters attribute → value the listed items must have, in a fixed order; null values are no filter
     * @param forward true: in sort-key order; false: backwards
     */
    record IndexQuery(String table, String index, String partitionKey, String partitionValue, Set<String> keyNames,
            Map<String, String> filters, boolean forward) {
    }

    /**
     * One page of an {@link IndexQuery} with the opaque token of the next (see {@link PageTokens}): a token
     * is only accepted for the same index and filters, and must pin the same partition.
     */
    static <T> Page<T> page(DynamoDbClient db, IndexQuery q, int limit, String nextToken, int maxRounds,
            Function<Map<String, AttributeValue>, T> read) {
        List<String> filters = new ArrayList<>();
        Map<String, String> names = new HashMap<>(Map.of("#pk", q.partitionKey()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(q.partitionValue())));
        StringBuilder query = new StringBuilder(q.index());
        q.filters().forEach((attribute, value) -> {
            if (value != null) {
                filters.add("#" + attribute + " = :" + attribute);
                names.put("#" + attribute, attribute);
                values.put(":" + attribute, AttributeValue.fromS(value));
                query.append('|').append(attribute).append('=').append(value.length()).append(':').append(value);
            }
        });
        Map<String, AttributeValue> start = PageTokens.decode(nextToken, query.toString(), q.keyNames(),
                Map.of(q.partitionKey(), q.partitionValue()));
        QueryRequest request = QueryRequest.builder().tableName(q.table()).indexName(q.index())
                .keyConditionExpression("#pk = :pk").filterExpression(filters.isEmpty() ? null : String.join(" AND ", filters))
                .expressionAttributeNames(names).expressionAttributeValues(values).scanIndexForward(q.forward()).build();
        Result page = page(db, request, limit, start, q.keyNames(), maxRounds);
        return new Page<>(page.items().stream().map(read).toList(), PageTokens.encode(query.toString(), page.lastKey()));
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
