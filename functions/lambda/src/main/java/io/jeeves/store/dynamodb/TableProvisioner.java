package io.jeeves.store.dynamodb;

import io.jeeves.catalog.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the catalog's tables through the DynamoDB API, exactly as the CDK app declares them
 * (keys, indexes, TTL). Used by the local stack and by tests; production tables come from CDK.
 */
public final class TableProvisioner {
    private TableProvisioner() {
    }

    /** Creates every table that does not exist yet; returns the names created. */
    public static List<String> ensure(DynamoDbClient db, List<TableSpec> tables, Function<String, String> tableName) {
        List<String> created = new ArrayList<>();
        List<String> existing = db.listTablesPaginator().tableNames().stream().toList();
        for (TableSpec t : tables) {
            String name = tableName.apply(t.id());
            if (existing.contains(name)) {
                continue;
            }
            try {
                create(db, t, name);
                created.add(name);
            } catch (ResourceInUseException raced) {
                // created meanwhile
            }
        }
        return created;
    }

    private static void create(DynamoDbClient db, TableSpec t, String name) {
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        define(attributes, t.partitionKey());
        define(attributes, t.sortKey());
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableSpec.Index i : t.indexes()) {
            define(attributes, i.partitionKey());
            define(attributes, i.sortKey());
            indexes.add(GlobalSecondaryIndex.builder().indexName(i.name()).keySchema(schema(i.partitionKey(), i.sortKey()))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
        }
        db.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes.values()).keySchema(schema(t.partitionKey(), t.sortKey()))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes));
        if (t.ttlAttribute() != null) {
            db.updateTimeToLive(r -> r.tableName(name)
                    .timeToLiveSpecification(s -> s.attributeName(t.ttlAttribute()).enabled(true)));
        }
    }

    private static void define(Map<String, AttributeDefinition> attributes, TableSpec.Key key) {
        if (key != null) {
            attributes.put(key.name(), AttributeDefinition.builder().attributeName(key.name())
                    .attributeType(key.type() == TableSpec.Type.S ? ScalarAttributeType.S : ScalarAttributeType.N).build());
        }
    }

    private static List<KeySchemaElement> schema(TableSpec.Key pk, TableSpec.Key sk) {
        List<KeySchemaElement> s = new ArrayList<>();
        s.add(KeySchemaElement.builder().attributeName(pk.name()).keyType(KeyType.HASH).build());
        if (sk != null) {
            s.add(KeySchemaElement.builder().attributeName(sk.name()).keyType(KeyType.RANGE).build());
        }
        return s;
    }
}
