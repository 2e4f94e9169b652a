package io.jeeves.store.dynamodb;

import static io.jeeves.store.dynamodb.Items.n;
import static io.jeeves.store.dynamodb.Items.s;
import static io.jeeves.store.dynamodb.Items.time;

import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.governance.artifact.ArtifactType;
import io.jeeves.governance.artifact.Placement;
import io.jeeves.kernel.store.Page;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Artifacts on DynamoDB, one item per artifact (partition key {@code artifact_id}), written once by a
 * Put conditional on the id's absence and never updated or deleted (no TTL either). Inline content is
 * the binary attribute {@code content}; a blob artifact carries {@code blob_key} instead.
 *
 * <p>Listing: every index sorts by {@code created_key} (zero-padded creation microseconds, then the id:
 * unique, so equal creation times page by id without skipping or repeating), read backwards for newest
 * first. Which index serves a listing depends on its filters, so the partition read is always the
 * narrowest one:
 * <ul>
 *   <li>a directive (with or without owner and type): {@code directive-index} ({@code directive_id}, sparse:
 *       only artifacts linked to a directive), owner and type as filters;</li>
 *   <li>an owner and a type: {@code owner-type-index} ({@code owner_type} = owner {@code #} type; a type
 *       has no {@code #}, so the pair is unambiguous);</li>
 *   <li>an owner: {@code owner-index};</li>
 *   <li>a type: {@code type-index};</li>
 *   <li>nothing: {@code created-index}, whose partition {@code all_pk} is the same for every artifact.</li>
 * </ul>
 * Only the directive listings filter, and a directive's artifacts are nearly always its owner's, so pages
 * are short only in odd cases; {@link FilteredQuery} then keeps reading, and the page token (the last
 * item's index key) continues exactly where the page ended, however artifacts are added meanwhile.
 */
public final class DynamoArtifactStore implements ArtifactStore {
    /** The value of {@code all_pk}: the one partition of {@code created-index}. */
    static final String ALL = "artifact";
    private static final int MAX_FILTER_ROUNDS = 10;

    private final DynamoDbClient db;
    private final String table;

    public DynamoArtifactStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    static String ownerType(String owner, ArtifactType type) {
        return owner + "#" + type.name();
    }

    private static Map<String, AttributeValue> toItem(Artifact a) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("artifact_id", s(a.id()));
        item.put("type", s(a.type().name()));
        item.put("owner", s(a.owner()));
        Items.putIfPresent(item, "directive_id", a.directiveId());
        Items.putIfPresent(item, "run_id", a.runId());
        Items.putIfPresent(item, "process_id", a.processId());
        item.put("content_type", s(a.contentType()));
        item.put("size", n(a.size()));
        item.put("sha256", s(a.sha256()));
        item.put("created_at", time(a.createdAt()));
        item.put("uri", s(a.uri()));
        item.put("placement", s(a.placement().name()));
        if (a.placement() == Placement.INLINE) {
            item.put("content", AttributeValue.fromB(SdkBytes.fromByteArray(a.content())));
        } else {
            item.put("blob_key", s(a.blobKey()));
        }
        item.put("all_pk", s(ALL));
        item.put("owner_type", s(ownerType(a.owner(), a.type())));
        item.put("created_key", s(Items.createdKey(a.createdAt(), a.id())));
        return item;
    }

    @Override
    public boolean insert(Artifact artifact) {
        return Items.putIfVersion(db, table, toItem(artifact), "artifact_id", 0);
    }

    /** The insert of {@code artifact} (only if its id is free), for a transaction. */
    TransactWriteItem insertWrite(Artifact artifact) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(artifact))
                .conditionExpression("attribute_not_exists(artifact_id)").build()).build();
    }

    @Override
    public Optional<Artifact> get(String id) {
        var item = db.getItem(r -> r.tableName(table).key(Map.of("artifact_id", s(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Page<Artifact> list(String owner, ArtifactType type, String directiveId, int limit, String nextToken) {
        String typeName = type == null ? null : type.name();
        Map<String, String> filters = new LinkedHashMap<>();
        String index;
        String partition;
        String value;
        if (directiveId != null) {
            index = "directive-index";
            partition = "directive_id";
            value = directiveId;
            filters.put("owner", owner);
            filters.put("type", typeName);
        } else if (owner != null && type != null) {
            index = "owner-type-index";
            partition = "owner_type";
            value = ownerType(owner, type);
        } else if (owner != null) {
            index = "owner-index";
            partition = "owner";
            value = owner;
        } else if (type != null) {
            index = "type-index";
            partition = "type";
            value = typeName;
        } else {
            index = "created-index";
            partition = "all_pk";
            value = ALL;
        }
        var query = new FilteredQuery.IndexQuery(table, index, partition, value,
                Set.of("artifact_id", partition, "created_key"), filters, false);
        return FilteredQuery.page(db, query, limit, nextToken, MAX_FILTER_ROUNDS, DynamoArtifactStore::fromItem);
    }

    private static Artifact fromItem(Map<String, AttributeValue> item) {
        AttributeValue content = item.get("content");
        return new Artifact(Items.str(item, "artifact_id"), ArtifactType.of(Items.str(item, "type")),
                Items.str(item, "owner"), Items.str(item, "directive_id"), Items.str(item, "run_id"),
                Items.str(item, "process_id"), Items.str(item, "content_type"), Items.num(item, "size"),
                Items.str(item, "sha256"), Items.instant(item, "created_at"), Items.str(item, "uri"),
                Placement.valueOf(Items.str(item, "placement")), content == null ? null : content.b().asByteArray(),
                Items.str(item, "blob_key"));
    }
}
