package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.kernel.Counter;
import io.jeeves.kernel.Priority;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.ResourceQuota;
import io.jeeves.kernel.ResourceUsage;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.store.Page;
import io.jeeves.kernel.store.ProcessStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Processes on DynamoDB, one item per pid. Usage counters are top-level numbers so one UpdateItem can
 * ADD them under a condition per counter; lifecycle writes are conditional on {@code version}. A READY
 * process carries {@code ready_pk}/{@code ready_key} and so appears in the sparse ready-index, sorted by
 * priority rank, then creation time (FIFO), then pid.
 */
public final class DynamoProcessStore implements ProcessStore {
    static final String READY = "READY";
    private static final int MAX_FILTER_ROUNDS = 10;

    private final DynamoDbClient db;
    private final String table;
    private final CleanupConfig retention;

    public DynamoProcessStore(DynamoDbClient db, String table, CleanupConfig retention) {
        this.db = db;
        this.table = table;
        this.retention = retention;
    }

    private static String usageAttr(Counter c) {
        return "usage_" + c.wireName();
    }

    static String readyKey(Process p) {
        return p.priority().rank() + "#" + String.format("%020d", Items.micros(p.createdAt())) + "#" + p.pid();
    }

    private Instant expiry(Process p) {
        return switch (p.state()) {
            case TERMINATED -> p.stateChangedAt().plusSeconds(retention.terminatedGraceSeconds()
                    + retention.processRetentionSeconds());
            case ZOMBIE -> p.stateChangedAt().plusSeconds(retention.processRetentionSeconds());
            default -> null;
        };
    }

    @Override
    public boolean insert(Process p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pid", s(p.pid()));
        item.put("request_id", s(p.requestId()));
        item.put("user_id", s(p.userId()));
        item.put("session_id", s(p.sessionId()));
        item.put("priority", s(p.priority().name()));
        Map<String, AttributeValue> quota = new LinkedHashMap<>();
        p.quota().toMap().forEach((k, v) -> quota.put(k, n(v)));
        item.put("quota", AttributeValue.fromM(quota));
        for (Counter c : Counter.values()) {
            item.put(usageAttr(c), n(c.used(p.usage())));
        }
        item.put("created_at", time(p.createdAt()));
        putLifecycle(item, p);
        item.put("version", n(1L));
        return Items.putIfVersion(db, table, item, "pid", 0);
    }

    private void putLifecycle(Map<String, AttributeValue> item, Process p) {
        item.put("state", s(p.state().name()));
        item.put("reason", s(p.reason()));
        item.put("state_changed_at", time(p.stateChangedAt()));
        item.put("elapsed_seconds", n(p.usage().elapsedSeconds()));
        if (p.startedAt() != null) {
            item.put("started_at", time(p.startedAt()));
        }
        if (p.lastScheduledAt() != null) {
            item.put("last_scheduled_at", time(p.lastScheduledAt()));
        }
        if (p.completedAt() != null) {
            item.put("completed_at", time(p.completedAt()));
        }
        if (p.state() == ProcessState.READY) {
            item.put("ready_pk", s(READY));
            item.put("ready_key", s(readyKey(p)));
        }
        Instant expiry = expiry(p);
        if (expiry != null) {
            item.put("ttl", n(Items.ttl(expiry)));
        }
    }

    @Override
    public Optional<Process> get(String pid) {
        var item = db.getItem(r -> r.tableName(table).key(Map.of("pid", s(pid))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<Process> update(Process next) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        putLifecycle(set, next);
        List<String> removals = new ArrayList<>();
        for (String optional : new String[] {"started_at", "last_scheduled_at", "completed_at", "ready_pk", "ready_key", "ttl"}) {
            if (!set.containsKey(optional)) {
                removals.add("#" + optional);
            }
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder expr = new StringBuilder("SET ");
        set.forEach((k, v) -> {
            names.put("#" + k, k);
            values.put(":" + k, v);
            expr.append('#').append(k).append(" = :").append(k).append(", ");
        });
        expr.append("#version = :next");
        names.put("#version", "version");
        values.put(":next", n(next.version() + 1));
        values.put(":expected", n(next.version()));
        if (!removals.isEmpty()) {
            expr.append(" REMOVE ").append(String.join(", ", removals));
            removals.forEach(r -> names.put(r, r.substring(1)));
        }
        try {
            var item = db.updateItem(r -> r.tableName(table).key(Map.of("pid", s(next.pid())))
                    .updateExpression(expr.toString()).conditionExpression("#version = :expected")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromItem(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ResourceUsage> addUsage(String pid, UsageDelta delta, Map<Counter, Long> ceilings,
            Instant startedNotBefore) {
        if (delta.isZero()) {
            return get(pid).filter(p -> !p.state().isTerminal()).map(Process::usage);
        }
        Update u = usageUpdate(pid, delta.values(), ceilings, startedNotBefore, true);
        try {
            var item = db.updateItem(r -> r.tableName(table).key(u.key()).updateExpression(u.updateExpression())
                    .conditionExpression(u.conditionExpression()).expressionAttributeNames(u.expressionAttributeNames())
                    .expressionAttributeValues(u.expressionAttributeValues()).returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(usage(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * The write that adds signed {@code amounts} (in {@link UsageDelta#values()} order, zeros skipped) to a
     * process's usage counters, for one UpdateItem or a transaction: only if the process exists, and with
     * {@code live} only if it is not terminated; every counter in {@code ceilings} must be at most its ceiling,
     * and the process must have started at or after {@code startedNotBefore} when given.
     */
    Update usageUpdate(String pid, long[] amounts, Map<Counter, Long> ceilings, Instant startedNotBefore, boolean live) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new ArrayList<>();
        StringBuilder cond = new StringBuilder("attribute_exists(pid)");
        if (live) {
            names.put("#state", "state");
            cond.append(" AND NOT (#state IN (:terminated, :zombie))");
            values.put(":terminated", s(ProcessState.TERMINATED.name()));
            values.put(":zombie", s(ProcessState.ZOMBIE.name()));
        }
        for (Counter c : Counter.values()) {
            long d = c.of(amounts);
            if (d == 0) {
                continue;
            }
            String attr = usageAttr(c);
            names.put("#" + attr, attr);
            values.put(":d_" + c.wireName(), n(d));
            adds.add("#" + attr + " :d_" + c.wireName());
        }
        for (var e : ceilings.entrySet()) {
            String attr = usageAttr(e.getKey());
            names.put("#" + attr, attr);
            values.put(":c_" + e.getKey().wireName(), n(e.getValue()));
            cond.append(" AND #").append(attr).append(" <= :c_").append(e.getKey().wireName());
        }
        if (startedNotBefore != null) {
            values.put(":snb", time(startedNotBefore));
            names.put("#started_at", "started_at");
            cond.append(" AND (attribute_not_exists(#started_at) OR #started_at >= :snb)");
        }
        return Update.builder().tableName(table).key(Map.of("pid", s(pid))).updateExpression(adds.isEmpty() ? null
                : "ADD " + String.join(", ", adds)).conditionExpression(cond.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    @Override
    public List<Process> readyQueue(int limit) {
        QueryResponse r = db.query(q -> q.tableName(table).indexName("ready-index")
                .keyConditionExpression("ready_pk = :r").expressionAttributeValues(Map.of(":r", s(READY)))
                .scanIndexForward(true).limit(limit));
        return r.items().stream().map(this::fromItem).toList();
    }

    @Override
    public Page<Process> list(ProcessState state, String userId, int limit, String nextToken) {
        if (userId == null && state == null) {
            String query = "all";
            var start = PageTokens.decode(nextToken, query, Set.of("pid"), Map.of());
            ScanResponse r = db.scan(q -> q.tableName(table).limit(limit).exclusiveStartKey(start));
            return new Page<>(r.items().stream().map(this::fromItem).toList(), PageTokens.encode(query, r.lastEvaluatedKey()));
        }
        String index;
        String query;
        Set<String> keyNames;
        Map<String, String> pinned;
        Map<String, String> names = Items.names("state", "user_id");
        Map<String, AttributeValue> values = new HashMap<>();
        String keyCondition;
        String filter = null;
        if (userId != null) {
            index = "user-index";
            keyCondition = "#user_id = :u";
            values.put(":u", s(userId));
            if (state != null) {
                filter = "#state = :s";
                values.put(":s", s(state.name()));
            }
            query = "user" + (state == null ? "" : ":" + state.name());
            keyNames = Set.of("pid", "user_id", "created_at");
            pinned = Map.of("user_id", userId);
        } else {
            index = "state-index";
            keyCondition = "#state = :s";
            values.put(":s", s(state.name()));
            query = "state";
            keyNames = Set.of("pid", "state", "state_changed_at");
            pinned = Map.of("state", state.name());
        }
        if (filter == null) {
            names.remove(userId != null ? "#state" : "#user_id");
        }
        Map<String, AttributeValue> start = PageTokens.decode(nextToken, query, keyNames, pinned);
        QueryRequest request = QueryRequest.builder().tableName(table).indexName(index).keyConditionExpression(keyCondition)
                .filterExpression(filter).expressionAttributeNames(names).expressionAttributeValues(values)
                .scanIndexForward(true).build();
        FilteredQuery.Result page = FilteredQuery.page(db, request, limit, start, keyNames, MAX_FILTER_ROUNDS);
        return new Page<>(page.items().stream().map(this::fromItem).toList(), PageTokens.encode(query, page.lastKey()));
    }

    @Override
    public Map<ProcessState, Long> countByState(String userId) {
        Map<ProcessState, Long> counts = new EnumMap<>(ProcessState.class);
        if (userId == null) {
            for (ProcessState state : ProcessState.values()) {
                counts.put(state, count(q -> q.indexName("state-index").keyConditionExpression("#state = :s")
                        .expressionAttributeNames(Items.names("state"))
                        .expressionAttributeValues(Map.of(":s", s(state.name())))));
            }
            return counts;
        }
        // one pass over the user's items, reading only their state (a COUNT per state would read them 7 times)
        db.queryPaginator(q -> q.tableName(table).indexName("user-index")
                .keyConditionExpression("#user_id = :u").expressionAttributeNames(Items.names("user_id", "state"))
                .expressionAttributeValues(Map.of(":u", s(userId))).projectionExpression("#state")).items()
                .forEach(i -> counts.merge(ProcessState.valueOf(i.get("state").s()), 1L, Long::sum));
        return counts;
    }

    /** Counts matching items without reading them into this function (Select COUNT, all pages). */
    private long count(java.util.function.Consumer<QueryRequest.Builder> query) {
        return db.queryPaginator(q -> {
            query.accept(q);
            q.tableName(table).select(Select.COUNT);
        }).stream().mapToLong(QueryResponse::count).sum();
    }

    @Override
    public List<Process> inStateSince(ProcessState state, Instant cutoff, int limit) {
        QueryResponse r = db.query(q -> q.tableName(table).indexName("state-index")
                .keyConditionExpression("#state = :s AND state_changed_at < :c")
                .expressionAttributeNames(Items.names("state"))
                .expressionAttributeValues(Map.of(":s", s(state.name()), ":c", time(cutoff)))
                .scanIndexForward(true).limit(limit));
        return r.items().stream().map(this::fromItem).toList();
    }

    @Override
    public boolean delete(String pid, long expectedVersion) {
        return Items.deleteIfVersion(db, table, Map.of("pid", s(pid)), expectedVersion);
    }

    private static ResourceUsage usage(Map<String, AttributeValue> item) {
        long[] v = new long[Counter.values().length];
        for (Counter c : Counter.values()) {
            v[c.ordinal()] = Items.num(item, usageAttr(c));
        }
        return new ResourceUsage(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], Items.dbl(item, "elapsed_seconds"));
    }

    private Process fromItem(Map<String, AttributeValue> item) {
        Map<String, Integer> quota = new LinkedHashMap<>();
        item.get("quota").m().forEach((k, v) -> quota.put(k, Integer.parseInt(v.n())));
        return new Process(Items.str(item, "pid"), Items.str(item, "request_id"), Items.str(item, "user_id"),
                Items.str(item, "session_id"), ProcessState.valueOf(Items.str(item, "state")),
                Priority.valueOf(Items.str(item, "priority")), ResourceQuota.fromMap(quota, ResourceQuota.DEFAULTS),
                usage(item), Items.instant(item, "created_at"), Items.instant(item, "state_changed_at"),
                Items.instant(item, "started_at"), Items.instant(item, "last_scheduled_at"),
                Items.instant(item, "completed_at"), Items.str(item, "reason"), Items.num(item, "version"));
    }
}
