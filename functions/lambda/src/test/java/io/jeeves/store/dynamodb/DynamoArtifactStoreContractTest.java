package io.jeeves.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.catalog.Catalog;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.governance.artifact.ArtifactType;
import io.jeeves.governance.artifact.contract.ArtifactStoreContract;
import io.jeeves.governance.artifact.memory.InMemoryArtifactStore;
import io.jeeves.kernel.store.Page;
import io.jeeves.testing.DynamoDbLocal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The artifact store contract against DynamoDB Local, and what only the DynamoDB layout can get wrong. */
class DynamoArtifactStoreContractTest extends ArtifactStoreContract {
    private String table;

    @Override
    protected ArtifactStore newStore() {
        table = DynamoDbLocal.freshTables() + Catalog.ARTIFACTS_TABLE;
        return new DynamoArtifactStore(DynamoDbLocal.client(), table);
    }

    private Map<String, AttributeValue> item(String id) {
        return DynamoDbLocal.client().getItem(r -> r.tableName(table).key(Map.of("artifact_id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
    }

    @Test
    void inlineContentIsABinaryAttributeAndTheIndexKeysAreSet() {
        store.insert(inline("a-1", "alice", ArtifactType.POLICY_EVALUATION, "d-1", t0, "{}"));
        store.insert(blob("b-1", "bob", t0));
        Map<String, AttributeValue> a = item("a-1");
        assertThat(a.get("content").b().asUtf8String()).isEqualTo("{}");
        assertThat(a.get("owner_type").s()).isEqualTo("alice#policy_evaluation");
        assertThat(a.get("created_key").s()).isEqualTo(String.format("%020d", Items.micros(t0)) + "#a-1");
        assertThat(a.get("all_pk").s()).isEqualTo(DynamoArtifactStore.ALL);
        assertThat(a).doesNotContainKeys("blob_key", "ttl", "version");
        Map<String, AttributeValue> b = item("b-1");
        assertThat(b).containsKey("blob_key").doesNotContainKeys("content", "directive_id", "run_id", "process_id");
    }

    /**
     * Every filter combination, walked at several page sizes, gives exactly what the in-memory double gives:
     * equal creation times, owners whose directive artifacts are rare (short reads of a filtered query) and
     * null links included.
     */
    @Test
    void everyFilterCombinationPagesLikeTheInMemoryStore() {
        InMemoryArtifactStore expected = new InMemoryArtifactStore();
        List<String> owners = List.of("alice", "bob", "carol#x");
        List<ArtifactType> types = List.of(ArtifactType.MODULE_OUTPUT, ArtifactType.LLM_CALL, ArtifactType.of("custom_t"));
        for (int i = 0; i < 40; i++) {
            String owner = i % 11 == 0 ? "bob" : owners.get(i % 2 == 0 ? 0 : 2);
            String directive = i % 4 == 3 ? null : "d-" + (i % 3);
            Artifact a = inline(String.format("a-%02d", 40 - i), owner, types.get(i % 3), directive,
                    t0.plusSeconds(i / 4), "x" + i);
            assertThat(store.insert(a)).isTrue();
            expected.insert(a);
        }
        List<String> ownerFilters = Arrays.asList(null, "alice", "bob", "carol#x", "nobody");
        List<ArtifactType> typeFilters = Arrays.asList(null, ArtifactType.MODULE_OUTPUT, ArtifactType.of("custom_t"));
        List<String> directiveFilters = Arrays.asList(null, "d-0", "d-2", "d-9");
        for (String owner : ownerFilters) {
            for (ArtifactType type : typeFilters) {
                for (String directive : directiveFilters) {
                    List<String> all = walk(expected, owner, type, directive, 100);
                    for (int limit : new int[] {1, 2, 3, 7, 100}) {
                        assertThat(walk(store, owner, type, directive, limit))
                                .as("owner %s, type %s, directive %s, limit %d", owner, type, directive, limit)
                                .containsExactlyElementsOf(all);
                    }
                }
            }
        }
        assertThat(walk(expected, null, null, null, 100)).hasSize(40);
    }

    @Test
    void aTokenIsRefusedForAnotherQuery() {
        for (int i = 0; i < 3; i++) {
            store.insert(inline("a-" + i, "alice", ArtifactType.MODULE_OUTPUT, "d-1", t0.plusSeconds(i), "x"));
        }
        String token = store.list("alice", null, null, 1, null).nextToken();
        assertThat(token).isNotNull();
        for (Runnable other : List.<Runnable>of(() -> store.list("bob", null, null, 1, token),
                () -> store.list("alice", ArtifactType.MODULE_OUTPUT, null, 1, token),
                () -> store.list(null, null, "d-1", 1, token))) {
            assertThatThrownBy(other::run)
                    .isInstanceOf(InvalidArgumentException.class);
        }
        String directiveToken = store.list("alice", null, "d-1", 1, null).nextToken();
        assertThatThrownBy(() -> store.list("bob", null, "d-1", 1, directiveToken))
                .isInstanceOf(InvalidArgumentException.class);
    }

    private static List<String> walk(ArtifactStore s, String owner, ArtifactType type, String directive, int limit) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            Page<Artifact> page = s.list(owner, type, directive, limit, token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(a -> ids.add(a.id()));
            token = page.nextToken();
        } while (token != null);
        return ids;
    }
}
