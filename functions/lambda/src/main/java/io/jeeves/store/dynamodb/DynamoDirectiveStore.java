package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveStore;
import io.jeeves.governance.directive.DirectiveTransition;
import io.jeeves.json.Json;
import io.jeeves.kernel.store.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Directives on DynamoDB, one partition per directive (ADR 002): the directive itself is the item
 * {@code "head"}, each audit entry the item {@code "t#"} + its zero-padded version, so the trail reads
 * back in order with one Query. Only heads carry {@code created_key} (creation time, then id), so the
 * indexes hold heads only: {@code created-index} (every directive, partition {@code item = "head"}),
 * {@code owner-index} (an owner's) and {@code role-index} (an owner's for one role, {@code owner_role}).
 * The payload and the two text lists are stored as JSON text. A head never changes without its audit
 * entry: both go in one TransactWriteItems, conditional on the head's version and on the entry's absence.
 */
public final class DynamoDirectiveStore implements DirectiveStore {
    static final String HEAD = "head";
    static final String ENTRY = "t#";
    private static final int MAX_FILTER_ROUNDS = 10;
    private static final TypeReference<List<String>> TEXTS = new TypeReference<>() { };

    private final DynamoDbClient db;
    private final String table;

    public DynamoDirectiveStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    static String entryKey(long version) {
        return ENTRY + String.format("%020d", version);
    }

    /** Sorts by creation time, then id: unique, so paging never skips or repeats a directive. */
    static String createdKey(Directive d) {
        return Items.createdKey(d.createdAt(), d.id());
    }

    static String ownerRole(String owner, String role) {
        return owner + "#" + role;
    }

    private static Map<String, AttributeValue> toItem(Directive d, long version) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("directive_id", s(d.id()));
        item.put("item", s(HEAD));
        item.put("owner", s(d.owner()));
        item.put("role", s(d.role()));
        item.put("owner_role", s(ownerRole(d.owner(), d.role())));
        item.put("created_key", s(createdKey(d)));
        item.put("type", s(d.type()));
        item.put("payload", s(Json.write(d.payload())));
        item.put("status", s(d.status().wireName()));
        item.put("reason", s(d.reason()));
        Items.putIfPresent(item, "issued_by", d.issuedBy());
        Items.putIfPresent(item, "objective", d.objective());
        Items.putIfPresent(item, "scope", d.scope());
        item.put("constraints", s(Json.write(d.constraints())));
        item.put("success_metrics", s(Json.write(d.successMetrics())));
        Items.putIfPresent(item, "budget", d.budget());
        Items.putIfPresent(item, "timebox", d.timebox() == null ? null : d.timebox().toString());
        item.put("created_at", time(d.createdAt()));
        item.put("updated_at", time(d.updatedAt()));
        item.put("version", n(version));
        return item;
    }

    private static Map<String, AttributeValue> toItem(DirectiveTransition t) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("directive_id", s(t.directiveId()));
        item.put("item", s(entryKey(t.version())));
        item.put("version", n(t.version()));
        item.put("from", s(t.from().wireName()));
        item.put("to", s(t.to().wireName()));
        item.put("actor", s(t.actor()));
        item.put("at", time(t.at()));
        item.put("reason", s(t.reason()));
        return item;
    }

    @Override
    public boolean insert(Directive directive, List<DirectiveTransition> trail) {
        trail.forEach(t -> requireEntryOf(directive.id(), 1, t));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(putIfAbsent(toItem(directive, 1)));
        trail.forEach(t -> writes.add(putIfAbsent(toItem(t))));
        return write(writes);
    }

    @Override
    public Optional<Directive> get(String id) {
        var item = db.getItem(r -> r.tableName(table).key(key(id, HEAD)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<Directive> transition(Directive next, DirectiveTransition entry) {
        requireEntryOf(next.id(), next.version() + 1, entry);
        Map<String, AttributeValue> head = toItem(next, next.version() + 1);
        TransactWriteItem putHead = TransactWriteItem.builder().put(p -> p.tableName(table).item(head)
                .conditionExpression("#version = :expected").expressionAttributeNames(Items.names("version"))
                .expressionAttributeValues(Map.of(":expected", n(next.version())))).build();
        return write(List.of(putHead, putIfAbsent(toItem(entry)))) ? Optional.of(fromItem(head)) : Optional.empty();
    }

    @Override
    public Page<Directive> list(String owner, String role, DirectiveStatus status, int limit, String nextToken) {
        Map<String, String> filters = new LinkedHashMap<>();
        String index;
        String partition;
        String value;
        if (owner != null && role != null) {
            index = "role-index";
            partition = "owner_role";
            value = ownerRole(owner, role);
        } else if (owner != null) {
            index = "owner-index";
            partition = "owner";
            value = owner;
        } else {
            index = "created-index";
            partition = "item";
            value = HEAD;
            filters.put("role", role);
        }
        filters.put("status", status == null ? null : status.wireName());
        var query = new FilteredQuery.IndexQuery(table, index, partition, value,
                Set.copyOf(List.of("directive_id", "item", partition, "created_key")), filters, true);
        return FilteredQuery.page(db, query, limit, nextToken, MAX_FILTER_ROUNDS, DynamoDirectiveStore::fromItem);
    }

    @Override
    public Optional<Directive> latestByRole(String owner, String role) {
        var r = db.query(q -> q.tableName(table).indexName("role-index").keyConditionExpression("owner_role = :p")
                .expressionAttributeValues(Map.of(":p", s(ownerRole(owner, role)))).scanIndexForward(false).limit(1));
        return r.items().stream().findFirst().map(DynamoDirectiveStore::fromItem);
    }

    @Override
    public List<DirectiveTransition> history(String directiveId) {
        List<DirectiveTransition> out = new ArrayList<>();
        db.queryPaginator(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("directive_id = :id AND begins_with(#item, :t)")
                .expressionAttributeNames(Items.names("item"))
                .expressionAttributeValues(Map.of(":id", s(directiveId), ":t", s(ENTRY))).scanIndexForward(true))
                .items().forEach(i -> out.add(entryOf(i)));
        return out;
    }

    private Map<String, AttributeValue> key(String id, String item) {
        return Map.of("directive_id", s(id), "item", s(item));
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(directive_id)")).build();
    }

    /**
     * Runs the transaction: false, with nothing written, when a condition failed. A cancellation because
     * another transaction was in flight on the same items says nothing about the conditions, so it is tried
     * again a few times (the other one has usually finished, and then the conditions decide); false when it
     * keeps conflicting, which callers treat like a lost race.
     */
    private boolean write(List<TransactWriteItem> writes) {
        try {
            Items.transact(db, writes);
            return true;
        } catch (TransactionCanceledException e) {
            if (Items.cancelledBy(e, "ConditionalCheckFailed") || Items.cancelledBy(e, "TransactionConflict")) {
                return false;
            }
            throw e;
        }
    }

    private static void requireEntryOf(String directiveId, long version, DirectiveTransition entry) {
        if (!entry.directiveId().equals(directiveId) || entry.version() != version) {
            throw new IllegalArgumentException("audit entry " + entry + " does not belong to version " + version
                    + " of directive " + directiveId);
        }
    }

    private static Directive fromItem(Map<String, AttributeValue> item) {
        String timebox = Items.str(item, "timebox");
        return new Directive(Items.str(item, "directive_id"), Items.str(item, "owner"), Items.str(item, "role"),
                Items.str(item, "type"), JsonObjects.read(Items.str(item, "payload"), JsonObjects.Integers.SMALLEST),
                DirectiveStatus.parse(Items.str(item, "status"), "status"), Items.str(item, "reason"),
                Items.str(item, "issued_by"), Items.str(item, "objective"), Items.str(item, "scope"),
                texts(Items.str(item, "constraints")), texts(Items.str(item, "success_metrics")),
                Items.str(item, "budget"), timebox == null ? null : Duration.parse(timebox),
                Items.instant(item, "created_at"), Items.instant(item, "updated_at"), Items.num(item, "version"));
    }

    private static DirectiveTransition entryOf(Map<String, AttributeValue> item) {
        return new DirectiveTransition(Items.str(item, "directive_id"), Items.num(item, "version"),
                DirectiveStatus.parse(Items.str(item, "from"), "from"), DirectiveStatus.parse(Items.str(item, "to"), "to"),
                Items.str(item, "actor"), Items.instant(item, "at"), Items.str(item, "reason"));
    }

    private static List<String> texts(String json) {
        try {
            return json == null ? List.of() : Json.MAPPER.readValue(json, TEXTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
