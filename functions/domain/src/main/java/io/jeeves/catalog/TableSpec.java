package io.jeeves.catalog;

import java.util.List;

/**
 * A DynamoDB table as both the CDK app and the local stack create it: on-demand, keys, global secondary
 * indexes (projecting all attributes) and the TTL attribute.
 *
 * @param id logical name ("processes"); the deployed name is prefixed
 * @param sortKey null when the table has only a partition key
 */
public record TableSpec(String id, Key partitionKey, Key sortKey, List<Index> indexes, String ttlAttribute) {

    public enum Type { S, N }

    public record Key(String name, Type type) {
    }

    public record Index(String name, Key partitionKey, Key sortKey) {
    }

    public static Key s(String name) {
        return new Key(name, Type.S);
    }

    public static Key n(String name) {
        return new Key(name, Type.N);
    }

    /** The environment variable that gives a function this table's deployed name, e.g. JEEVES_TABLES_PROCESSES. */
    public String envVar() {
        return "JEEVES_TABLES_" + id.toUpperCase(java.util.Locale.ROOT);
    }
}
