package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.kernel.store.SettingsStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Settings on DynamoDB: one item per key, values as a map of numbers, written conditionally on the version. */
public final class DynamoSettingsStore implements SettingsStore {
    private final DynamoDbClient db;
    private final String table;

    public DynamoSettingsStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Optional<Setting> get(String key) {
        var item = db.getItem(r -> r.tableName(table).key(Map.of("key", s(key))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Map<String, Setting> getAll(List<String> keys) {
        List<Map<String, AttributeValue>> wanted = new ArrayList<>();
        keys.forEach(k -> wanted.add(Map.of("key", s(k))));
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(wanted).consistentRead(true).build());
        Map<String, Setting> out = new HashMap<>();
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> req = request;
            var r = db.batchGetItem(b -> b.requestItems(req));
            r.responses().getOrDefault(table, List.of()).forEach(i -> {
                Setting setting = fromItem(i);
                out.put(setting.key(), setting);
            });
            request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
        }
        return out;
    }

    @Override
    public boolean put(Setting setting) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        setting.values().forEach((k, v) -> values.put(k, n(v)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("key", s(setting.key()));
        item.put("values", AttributeValue.fromM(values));
        item.put("version", n(setting.version() + 1));
        item.put("updated_at", time(setting.updatedAt()));
        item.put("updated_by", s(setting.updatedBy()));
        return Items.putIfVersion(db, table, item, "key", setting.version());
    }

    @Override
    public boolean delete(String key) {
        var old = db.deleteItem(r -> r.tableName(table).key(Map.of("key", s(key))).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && !old.isEmpty();
    }

    private static Setting fromItem(Map<String, AttributeValue> item) {
        Map<String, Integer> values = new LinkedHashMap<>();
        item.get("values").m().forEach((k, v) -> values.put(k, Integer.parseInt(v.n())));
        return new Setting(Items.str(item, "key"), values, Items.num(item, "version"), Items.instant(item, "updated_at"),
                Items.str(item, "updated_by"));
    }
}
