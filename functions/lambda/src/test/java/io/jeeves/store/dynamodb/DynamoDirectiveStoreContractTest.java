package io.jeeves.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveLifecycle;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveStore;
import io.jeeves.governance.directive.DirectiveTransition;
import io.jeeves.governance.directive.contract.DirectiveStoreContract;
import io.jeeves.kernel.store.Page;
import io.jeeves.testing.DynamoDbLocal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The directive store contract against DynamoDB Local, and what only the DynamoDB layout can get wrong. */
class DynamoDirectiveStoreContractTest extends DirectiveStoreContract {
    private String table;

    @Override
    protected DirectiveStore newStore() {
        table = DynamoDbLocal.freshTables() + Catalog.DIRECTIVES;
        return new DynamoDirectiveStore(DynamoDbLocal.client(), table);
    }

    private List<Map<String, AttributeValue>> partition(String id) {
        return DynamoDbLocal.client().query(q -> q.tableName(table).keyConditionExpression("directive_id = :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id))).consistentRead(true)).items();
    }

    @Test
    void payloadKeepsNestedValuesUnicodeAndExactNumbers() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", "naïve 日本語 🚀 \"quoted\" \\ \n tab\t");
        payload.put("int", 7);
        payload.put("long", 9_007_199_254_740_993L);
        payload.put("huge", new BigInteger("123456789012345678901234567890"));
        payload.put("exact", new BigDecimal("0.10"));
        payload.put("precise", new BigDecimal("1.000000000000000000000001"));
        payload.put("double", 2.5e-7);
        payload.put("negative", -3.25);
        payload.put("nothing", null);
        payload.put("flag", false);
        payload.put("deep", Map.of("list", List.of(List.of(Map.of("k", List.of())), "x"), "empty", Map.of()));
        Directive d = new Directive("dir_payload", "alice", "cto", "echo", payload, DirectiveStatus.DRAFT, "", "alice",
                "Objective ✓", "scope-ü", List.of("ünïcode rule", ""), List.of("metric"), "€ 1.000,50", Duration.ofDays(7),
                t0, t0, 0L);
        assertThat(store.insert(d, List.of())).isTrue();
        Directive back = store.get("dir_payload").orElseThrow();
        assertThat(back).isEqualTo(d.withVersion(1));
        assertThat(back.payload().get("exact")).isEqualTo(new BigDecimal("0.10"));
        assertThat(back.payload().get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void itemsAreOneHeadAndOneEntryPerVersionInTheDirectivesPartition() {
        Directive d = stored(draft("dir_1", "alice", "cto", t0));
        d = moved(d, DirectiveStatus.PROPOSED, "", t0.plusSeconds(1));
        moved(d, DirectiveStatus.APPROVED, "ok", t0.plusSeconds(2));
        List<Map<String, AttributeValue>> items = partition("dir_1");
        assertThat(items).extracting(i -> i.get("item").s())
                .containsExactly("head", "t#00000000000000000002", "t#00000000000000000003");
        Map<String, AttributeValue> head = items.get(0);
        assertThat(head.get("version").n()).isEqualTo("3");
        assertThat(head.get("owner_role").s()).isEqualTo("alice#cto");
        assertThat(head.get("created_key").s()).endsWith("#dir_1");
        assertThat(items.get(1)).as("entries stay out of the sparse indexes")
                .doesNotContainKeys("created_key", "owner", "owner_role");
    }

    @Test
    void aLostTransitionWritesNoEntry() {
        Directive v1 = stored(draft("dir_1", "alice", "cto", t0));
        moved(v1, DirectiveStatus.PROPOSED, "", t0.plusSeconds(1));
        Directive stale = DirectiveLifecycle.transition(v1, DirectiveStatus.PROPOSED, "late", t0.plusSeconds(2));
        assertThat(store.transition(stale, DirectiveLifecycle.entry(v1, stale, "bob"))).isEmpty();
        assertThat(partition("dir_1")).hasSize(2);
        assertThat(store.get("dir_1").orElseThrow().status()).isEqualTo(DirectiveStatus.PROPOSED);
    }

    @Test
    void anEntryAlreadyStoredRefusesTheWholeTransition() {
        Directive v1 = stored(draft("dir_1", "alice", "cto", t0));
        Directive next = DirectiveLifecycle.transition(v1, DirectiveStatus.PROPOSED, "", t0.plusSeconds(1));
        DirectiveTransition entry = DirectiveLifecycle.entry(v1, next, "alice");
        DynamoDbLocal.client().putItem(r -> r.tableName(table).item(Map.of("directive_id", AttributeValue.fromS("dir_1"),
                "item", AttributeValue.fromS(DynamoDirectiveStore.entryKey(entry.version())))));
        assertThat(store.transition(next, entry)).isEmpty();
        assertThat(store.get("dir_1")).contains(v1);
    }

    @Test
    void racingTransitionsOfEightWritersLeaveOneAuditItem() throws Exception {
        Directive v1 = stored(draft("dir_r", "alice", "cto", t0));
        List<Optional<Directive>> results = racing(8, i -> {
            Directive next = DirectiveLifecycle.transition(v1, DirectiveStatus.PROPOSED, "writer " + i, t0);
            return store.transition(next, DirectiveLifecycle.entry(v1, next, "writer-" + i));
        });
        assertThat(results.stream().filter(Optional::isPresent).count()).isEqualTo(1);
        assertThat(partition("dir_r")).hasSize(2);
    }

    @Test
    void filteredListingPagesThroughShortReadsWithoutSkippingOrRepeating() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = String.format("d%02d", i);
            Directive d = stored(draft(id, i % 2 == 0 ? "alice" : "bob", i % 3 == 0 ? "cto" : "cfo", t0.plusSeconds(i)));
            if (i % 5 == 0) {
                moved(d, DirectiveStatus.PROPOSED, "", t0.plusSeconds(100));
            } else if (d.role().equals("cto")) {
                expected.add(id);
            }
        }
        assertThat(allPages(null, "cto", DirectiveStatus.DRAFT, 2)).containsExactlyElementsOf(expected);
        assertThat(allPages(null, "cto", DirectiveStatus.DRAFT, 1)).containsExactlyElementsOf(expected);
        assertThat(allPages("alice", null, DirectiveStatus.PROPOSED, 1)).containsExactly("d00", "d10", "d20");
        assertThat(allPages("bob", "cfo", null, 3)).containsExactly("d01", "d05", "d07", "d11", "d13", "d17", "d19",
                "d23", "d25", "d29");
    }

    @Test
    void equalCreationTimesOrderByIdEverywhere() {
        stored(draft("b", "alice", "cto", t0));
        stored(draft("a", "alice", "cto", t0));
        stored(draft("c", "alice", "cto", t0));
        assertThat(allPages("alice", "cto", null, 1)).containsExactly("a", "b", "c");
        assertThat(store.latestByRole("alice", "cto").map(Directive::id)).contains("c");
    }

    private List<String> allPages(String owner, String role, DirectiveStatus status, int limit) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            Page<Directive> page = store.list(owner, role, status, limit, token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(d -> {
                assertThat(owner == null || d.owner().equals(owner)).isTrue();
                ids.add(d.id());
            });
            token = page.nextToken();
        } while (token != null);
        return ids;
    }
}
