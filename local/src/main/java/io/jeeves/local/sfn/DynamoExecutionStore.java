package io.jeeves.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.runtime.ExecutionRecord;
import io.jeeves.asl.runtime.ExecutionStore;
import io.jeeves.asl.runtime.SfnException;
import io.jeeves.asl.runtime.StateMachineRecord;
import io.jeeves.catalog.TableSpec;
import io.jeeves.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Step Functions' own storage, in the local DynamoDB: state machines, executions (summary, a gzipped
 * snapshot of their frames, a version) and history (events in chunks keyed by their first event id).
 * Saving progress is one transaction: the execution update conditional on its version, and the new
 * history chunks conditional on not existing, so a save happens whole or not at all.
 */
public final class DynamoExecutionStore implements ExecutionStore {
    /** Local-only tables (in AWS, the Step Functions service keeps this). */
    public static final List<TableSpec> TABLES = List.of(
            new TableSpec("sfn-machines", TableSpec.s("arn"), null, List.of(), null),
            new TableSpec("sfn-executions", TableSpec.s("arn"), null, List.of(
                    new TableSpec.Index("machine-index", TableSpec.s("machine"), TableSpec.n("start")),
                    new TableSpec.Index("status-index", TableSpec.s("status"), TableSpec.n("start"))), null),
            new TableSpec("sfn-history", TableSpec.s("execution"), TableSpec.n("first"), List.of(), null));
    private static final int CHUNK_BYTES = 300 * 1024;

    private final DynamoDbClient db;
    private final String machines;
    private final String executions;
    private final String history;

    public DynamoExecutionStore(DynamoDbClient db, String tablePrefix) {
        this.db = db;
        this.machines = tablePrefix + "sfn-machines";
        this.executions = tablePrefix + "sfn-executions";
        this.history = tablePrefix + "sfn-history";
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    // ---- state machines ---------------------------------------------------------------------------

    private Map<String, AttributeValue> machineItem(StateMachineRecord m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("arn", s(m.arn()));
        item.put("name", s(m.name()));
        item.put("definition", s(m.definition()));
        item.put("role", s(m.roleArn()));
        item.put("type", s(m.type()));
        item.put("created", n(m.creationDate().toEpochMilli()));
        item.put("updated", n(m.updateDate().toEpochMilli()));
        item.put("revision", s(m.revisionId()));
        item.put("version", n(m.version()));
        return item;
    }

    private static StateMachineRecord machine(Map<String, AttributeValue> i) {
        return new StateMachineRecord(str(i, "arn"), str(i, "name"), str(i, "definition"), str(i, "role"), str(i, "type"),
                time(i, "created"), time(i, "updated"), str(i, "revision"), num(i, "version"));
    }

    @Override
    public boolean createStateMachine(StateMachineRecord m) {
        try {
            db.putItem(r -> r.tableName(machines).item(machineItem(m)).conditionExpression("attribute_not_exists(arn)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean updateStateMachine(StateMachineRecord m) {
        try {
            db.putItem(r -> r.tableName(machines).item(machineItem(m)).conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", n(m.version() - 1))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<StateMachineRecord> stateMachine(String arn) {
        var item = db.getItem(r -> r.tableName(machines).key(Map.of("arn", s(arn))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(machine(item));
    }

    @Override
    public Page<StateMachineRecord> stateMachines(int limit, String nextToken) {
        List<StateMachineRecord> all = new ArrayList<>();
        db.scanPaginator(r -> r.tableName(machines).consistentRead(true)).items().forEach(i -> all.add(machine(i)));
        all.sort(Comparator.comparing(StateMachineRecord::name));
        return page(all, limit, nextToken);
    }

    @Override
    public boolean deleteStateMachine(String arn) {
        var old = db.deleteItem(r -> r.tableName(machines).key(Map.of("arn", s(arn)))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    // ---- executions -------------------------------------------------------------------------------

    private Map<String, AttributeValue> executionItem(ExecutionRecord r, JsonNode snapshot, long lastEventId, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("arn", s(r.arn()));
        item.put("machine", s(r.stateMachineArn()));
        item.put("name", s(r.name()));
        item.put("status", s(r.status()));
        item.put("input", s(r.input()));
        if (r.output() != null) {
            item.put("output", s(r.output()));
        }
        if (r.error() != null) {
            item.put("error", s(r.error()));
        }
        if (r.cause() != null) {
            item.put("cause", s(r.cause()));
        }
        item.put("start", n(r.startDate().toEpochMilli()));
        if (r.stopDate() != null) {
            item.put("stop", n(r.stopDate().toEpochMilli()));
        }
        item.put("definition", s(r.definition()));
        if (r.roleArn() != null) {
            item.put("role", s(r.roleArn()));
        }
        if (r.parentArn() != null) {
            item.put("parent", s(r.parentArn()));
        }
        item.put("snapshot", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(Json.writeBytes(snapshot)))));
        item.put("last_event", n(lastEventId));
        item.put("version", n(version));
        return item;
    }

    private static ExecutionRecord execution(Map<String, AttributeValue> i) {
        return new ExecutionRecord(str(i, "arn"), str(i, "machine"), str(i, "name"), str(i, "status"), str(i, "input"),
                str(i, "output"), str(i, "error"), str(i, "cause"), time(i, "start"), time(i, "stop"),
                str(i, "definition"), str(i, "role"), str(i, "parent"));
    }

    /**
     * The history chunks for {@code events}: each a JSON array of at most {@value #CHUNK_BYTES} bytes, built
     * from each event's JSON serialised once.
     */
    private List<TransactWriteItem> chunks(String arn, List<JsonNode> events) {
        List<TransactWriteItem> out = new ArrayList<>();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(Math.min(CHUNK_BYTES, 256 * events.size() + 2));
        long first = -1;
        for (JsonNode e : events) {
            byte[] json = Json.writeBytes(e);
            if (first >= 0 && chunk.size() + json.length + 1 > CHUNK_BYTES) {
                out.add(chunkItem(arn, first, chunk));
                chunk.reset();
                first = -1;
            }
            chunk.write(first < 0 ? '[' : ',');
            chunk.writeBytes(json);
            if (first < 0) {
                first = e.path("id").asLong();
            }
        }
        if (first >= 0) {
            out.add(chunkItem(arn, first, chunk));
        }
        return out;
    }

    private TransactWriteItem chunkItem(String arn, long first, ByteArrayOutputStream events) {
        events.write(']');
        Map<String, AttributeValue> item = Map.of("execution", s(arn), "first", n(first),
                "events", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(events.toByteArray()))));
        return TransactWriteItem.builder().put(p -> p.tableName(history).item(item)
                .conditionExpression("attribute_not_exists(#f)").expressionAttributeNames(Map.of("#f", "first"))).build();
    }

    private static long lastId(List<JsonNode> events, long fallback) {
        return events.isEmpty() ? fallback : events.get(events.size() - 1).path("id").asLong();
    }

    @Override
    public boolean createExecution(ExecutionRecord record, JsonNode snapshot, List<JsonNode> events) {
        Map<String, AttributeValue> item = executionItem(record, snapshot, lastId(events, 0), 1);
        if (events.isEmpty()) { // a single conditional put: no transaction needed
            try {
                db.putItem(r -> r.tableName(executions).item(item).conditionExpression("attribute_not_exists(arn)"));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(executions).item(item)
                .conditionExpression("attribute_not_exists(arn)")).build());
        writes.addAll(chunks(record.arn(), events));
        return transact(writes);
    }

    /**
     * An update of what changes while an execution runs (status, snapshot, last event, version; output,
     * error, cause and stop date once it ends), conditional on the version; the input and the definition
     * were written once, at the start.
     */
    @Override
    public boolean saveProgress(ExecutionRecord record, JsonNode snapshot, List<JsonNode> events, long version) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder();
        java.util.function.BiConsumer<String, AttributeValue> put = (name, value) -> {
            names.put("#" + name, name);
            values.put(":" + name, value);
            set.append(set.length() == 0 ? "SET " : ", ").append('#').append(name).append(" = :").append(name);
        };
        put.accept("status", s(record.status()));
        put.accept("snapshot", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(Json.writeBytes(snapshot)))));
        put.accept("version", n(version + 1));
        if (!events.isEmpty()) {
            put.accept("last_event", n(lastId(events, 0)));
        }
        if (record.output() != null) {
            put.accept("output", s(record.output()));
        }
        if (record.error() != null) {
            put.accept("error", s(record.error()));
        }
        if (record.cause() != null) {
            put.accept("cause", s(record.cause()));
        }
        if (record.stopDate() != null) {
            put.accept("stop", n(record.stopDate().toEpochMilli()));
        }
        values.put(":expected", n(version));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(executions).key(Map.of("arn", s(record.arn())))
                .updateExpression(set.toString()).conditionExpression("#version = :expected")
                .expressionAttributeNames(names).expressionAttributeValues(values)).build());
        writes.addAll(chunks(record.arn(), events));
        return transact(writes);
    }

    private boolean transact(List<TransactWriteItem> writes) {
        try {
            for (int from = 0; from < writes.size(); from += 100) {
                List<TransactWriteItem> batch = writes.subList(from, Math.min(writes.size(), from + 100));
                db.transactWriteItems(t -> t.transactItems(batch));
            }
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    private Optional<Map<String, AttributeValue>> current(String arn) {
        var item = db.getItem(r -> r.tableName(executions).key(Map.of("arn", s(arn))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        return current(arn).map(DynamoExecutionStore::execution);
    }

    @Override
    public Page<ExecutionRecord> executions(String stateMachineArn, String status, int limit, String nextToken) {
        List<ExecutionRecord> all = new ArrayList<>();
        db.queryPaginator(q -> q.tableName(executions).indexName("machine-index").keyConditionExpression("machine = :m")
                .expressionAttributeValues(Map.of(":m", s(stateMachineArn))).scanIndexForward(false)).items()
                .forEach(i -> {
                    ExecutionRecord r = execution(i);
                    if (status == null || status.equals(r.status())) {
                        all.add(r);
                    }
                });
        return page(all, limit, nextToken);
    }

    @Override
    public List<Saved> running() {
        List<Saved> out = new ArrayList<>();
        db.queryPaginator(q -> q.tableName(executions).indexName("status-index").keyConditionExpression("#s = :r")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":r", s("RUNNING"))))
                .items().forEach(i -> {
                    // the index may lag: read the item itself
                    current(str(i, "arn")).filter(c -> "RUNNING".equals(str(c, "status"))).ifPresent(c -> out.add(
                            new Saved(execution(c), Json.tree(parse(gunzip(c.get("snapshot").b().asByteArray()))),
                                    num(c, "last_event"), num(c, "version"))));
                });
        return out;
    }

    @Override
    public Page<JsonNode> history(String executionArn, boolean reverse, int limit, String nextToken) {
        List<JsonNode> events = new ArrayList<>();
        db.queryPaginator(q -> q.tableName(history).keyConditionExpression("#e = :e")
                .expressionAttributeNames(Map.of("#e", "execution")).expressionAttributeValues(Map.of(":e", s(executionArn)))
                .consistentRead(true)).items()
                .forEach(i -> parse(gunzip(i.get("events").b().asByteArray())).forEach(events::add));
        if (reverse) {
            java.util.Collections.reverse(events);
        }
        return page(events, limit, nextToken);
    }

    private static <T> Page<T> page(List<T> all, int limit, String nextToken) {
        int from;
        try {
            from = nextToken == null || nextToken.isEmpty() ? 0 : Integer.parseInt(new String(
                    java.util.Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new SfnException("InvalidToken", "Invalid nextToken: '" + nextToken + "'");
        }
        if (from < 0 || from > all.size()) {
            throw new SfnException("InvalidToken", "Invalid nextToken: '" + nextToken + "'");
        }
        int to = Math.min(all.size(), from + limit);
        String next = to < all.size() ? java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(List.copyOf(all.subList(from, to)), next);
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gzip at the fastest level: the saves are on the execution's path, and JSON shrinks well at any level. */
    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
        try (GZIPOutputStream z = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return z.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
