package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.catalog.Catalog;
import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Counter;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.store.ReservationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Reservations on DynamoDB, one item per call id, each written in one transaction with the increment (or
 * correction) of its process's usage: reserve = put the item if absent + ADD to the process under the
 * ceilings; settle = mark the item settled if it is not yet + ADD the correction (which may be negative).
 * A reservation expires (TTL) a week after it was settled; an unsettled one is kept (what it holds is still
 * charged).
 */
public final class DynamoReservationStore implements ReservationStore {
    static final Duration KEEP_SETTLED = Duration.ofDays(7);

    private final DynamoDbClient db;
    private final String table;
    private final DynamoProcessStore processes;

    public DynamoReservationStore(DynamoDbClient db, String table, DynamoProcessStore processes) {
        this.db = db;
        this.table = table;
        this.processes = processes;
    }

    @Override
    public Reserved reserve(Reservation r, Map<Counter, Long> ceilings, Instant startedNotBefore) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("call_id", s(r.callId()));
        item.put("pid", s(r.pid()));
        item.put("created_at", time(r.createdAt()));
        item.put("reserved", counters(r.reserved().values()));
        Put put = Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(call_id)").build();
        Update usage = processes.usageUpdate(r.pid(), r.reserved().values(), ceilings, startedNotBefore, true);
        try {
            db.transactWriteItems(t -> t.transactItems(TransactWriteItem.builder().put(put).build(),
                    TransactWriteItem.builder().update(usage).build()));
            return new Reserved(Outcome.RESERVED, r);
        } catch (TransactionCanceledException e) {
            if (Items.conditionFailed(e, 0)) {
                Optional<Reservation> existing = get(r.callId());
                if (existing.isPresent()) {
                    return new Reserved(Outcome.EXISTS, existing.get());
                }
            }
            return new Reserved(Outcome.REFUSED, null);
        }
    }

    @Override
    public Reservation settle(Reservation r, UsageDelta actual, Instant at) {
        return settleWith(r, actual, at, List.of());
    }

    /**
     * Settles {@code r} (mark + correction of the process's usage) together with {@code others} in one
     * transaction; see {@link ReservationStore#settle}. A refused {@code others} write is a conflict.
     */
    Reservation settleWith(Reservation r, UsageDelta actual, Instant at, List<TransactWriteItem> others) {
        if (r.settled()) {
            return r;
        }
        String callId = r.callId();
        Update mark = settleMark(callId, actual, at);
        Update correction = correction(r, actual);
        Reservation settled = new Reservation(callId, r.pid(), r.reserved(), r.createdAt(), actual, at);
        if (correction == null && others.isEmpty()) { // exactly as reserved: one conditional write
            return markOnly(mark) ? settled : get(callId).orElseThrow();
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(mark).build());
        if (correction != null) {
            writes.add(TransactWriteItem.builder().update(correction).build());
        }
        writes.addAll(others);
        try {
            db.transactWriteItems(t -> t.transactItems(writes));
            return settled;
        } catch (TransactionCanceledException e) {
            if (Items.conditionFailed(e, 0)) {
                return get(callId).orElseThrow(); // another settle got there first: what it stored stands
            }
            if (correction != null && Items.conditionFailed(e, 1)) {
                // the process is gone (collected): no usage is left to correct; settle (and record) without it
                Reservation done = settleWith(new Reservation(callId, r.pid(), actual, r.createdAt(), null, null), actual, at,
                        others);
                return new Reservation(callId, r.pid(), r.reserved(), r.createdAt(), done.actual(), done.settledAt());
            }
            throw JeevesException.failedPrecondition("the records of call " + callId + " exist already, written by "
                    + "another call with the same id");
        }
    }

    private Update settleMark(String callId, UsageDelta actual, Instant at) {
        return Update.builder().tableName(table).key(Map.of("call_id", s(callId)))
                .updateExpression("SET actual = :a, settled_at = :t, #ttl = :x")
                .expressionAttributeNames(Map.of("#ttl", Catalog.TTL))
                .conditionExpression("attribute_exists(call_id) AND attribute_not_exists(actual)")
                .expressionAttributeValues(Map.of(":a", counters(actual.values()), ":t", time(at),
                        ":x", n(Items.ttl(at.plus(KEEP_SETTLED))))).build();
    }

    /** The correction {@code actual - reserved} of the process's usage; null when there is nothing to correct. */
    private Update correction(Reservation r, UsageDelta actual) {
        long[] reserved = r.reserved().values();
        long[] used = actual.values();
        long[] correction = new long[used.length];
        boolean any = false;
        for (int i = 0; i < used.length; i++) {
            correction[i] = used[i] - reserved[i];
            any |= correction[i] != 0;
        }
        return any ? processes.usageUpdate(r.pid(), correction, Map.of(), null, false) : null;
    }

    /** The settle mark alone; false when the reservation was settled already. */
    private boolean markOnly(Update mark) {
        return Items.conditionally(() -> db.updateItem(u -> u.tableName(table).key(mark.key())
                .updateExpression(mark.updateExpression()).conditionExpression(mark.conditionExpression())
                .expressionAttributeNames(mark.expressionAttributeNames())
                .expressionAttributeValues(mark.expressionAttributeValues())));
    }

    @Override
    public Optional<Reservation> get(String callId) {
        return Items.get(db, table, Map.of("call_id", s(callId))).map(DynamoReservationStore::reservation);
    }

    /** Counters as a list of numbers, in {@link UsageDelta#values()} order. */
    private static AttributeValue counters(long[] values) {
        AttributeValue[] l = new AttributeValue[values.length];
        for (int i = 0; i < values.length; i++) {
            l[i] = n(values[i]);
        }
        return AttributeValue.fromL(List.of(l));
    }

    private static UsageDelta delta(AttributeValue list) {
        List<AttributeValue> l = list.l();
        long[] v = new long[l.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Long.parseLong(l.get(i).n());
        }
        return UsageDelta.of(v);
    }

    private static Reservation reservation(Map<String, AttributeValue> item) {
        AttributeValue actual = item.get("actual");
        return new Reservation(Items.str(item, "call_id"), Items.str(item, "pid"), delta(item.get("reserved")),
                Items.instant(item, "created_at"), actual == null ? null : delta(actual), Items.instant(item, "settled_at"));
    }
}
