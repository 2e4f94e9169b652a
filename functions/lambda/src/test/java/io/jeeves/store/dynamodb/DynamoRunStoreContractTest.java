package io.jeeves.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.governance.execution.ExecutionRun;
import io.jeeves.governance.execution.RunLifecycle;
import io.jeeves.governance.execution.RunStatus;
import io.jeeves.governance.execution.store.RunStore;
import io.jeeves.governance.execution.store.contract.RunStoreContract;
import io.jeeves.testing.DynamoDbLocal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The run store contract against DynamoDB Local, and what only the DynamoDB layout can get wrong. */
class DynamoRunStoreContractTest extends RunStoreContract {
    private String table;

    @Override
    protected RunStore newStore() {
        table = DynamoDbLocal.freshTables() + Catalog.RUNS;
        return new DynamoRunStore(DynamoDbLocal.client(), table);
    }

    private Map<String, AttributeValue> item(String id) {
        return Items.get(DynamoDbLocal.client(), table, Map.of("run_id", Items.s(id))).orElseThrow();
    }

    private ExecutionRun running(ExecutionRun r) {
        return store.update(RunLifecycle.transition(store.get(r.id()).orElseThrow(), RunStatus.RUNNING, null, null,
                t0.plusSeconds(100))).orElseThrow();
    }

    @Test
    void aResultKeepsNestedValuesUnicodeAndExactNumbers() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("text", "naïve 日本語 🚀 \"quoted\" \\ \n tab\t");
        result.put("small", 7L);
        result.put("max", Long.MAX_VALUE);
        result.put("min", Long.MIN_VALUE);
        result.put("huge", new BigInteger("123456789012345678901234567890"));
        result.put("exact", new BigDecimal("0.10"));
        result.put("precise", new BigDecimal("1.000000000000000000000001"));
        result.put("double", 2.5e-7);
        result.put("negative", -3.25);
        result.put("nothing", null);
        result.put("flag", false);
        result.put("empty", Map.of());
        result.put("deep", Map.of("list", List.of(List.of(Map.of("k", List.of())), "x", 1L), "unicode-ключ", "✓"));
        ExecutionRun r = RunLifecycle.transition(RunLifecycle.transition(run("run-u", "dir-ü", "ålice", t0),
                RunStatus.RUNNING, null, null, t0.plusMillis(1)), RunStatus.COMPLETED, result, null, t0.plusMillis(2));
        assertThat(store.insert(r)).isTrue();
        ExecutionRun back = store.get("run-u").orElseThrow();
        assertThat(back).isEqualTo(r.withVersion(1));
        assertThat(back.result().get("small")).isEqualTo(7L);
        assertThat(back.result().get("exact")).isEqualTo(new BigDecimal("0.10"));
        assertThat(back.result().get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(store.byDirective("dir-ü")).containsExactly(back);
        assertThat(store.byOwner("ålice", RunStatus.COMPLETED, 1)).containsExactly(back);
    }

    @Test
    void aCompletedRunsEmptyResultIsNotAbsent() {
        ExecutionRun r = RunLifecycle.transition(RunLifecycle.transition(run("run-e", "dir-1", "alice", t0),
                RunStatus.RUNNING, null, null, t0), RunStatus.COMPLETED, null, null, t0);
        assertThat(r.result()).isEmpty();
        store.insert(r);
        assertThat(store.get("run-e").orElseThrow().result()).isEqualTo(Map.of());
        assertThat(item("run-e").get("result").s()).isEqualTo("{}");
    }

    @Test
    void aPendingRunStoresNoEmptyAttributesAndASortKeyEndingInItsId() {
        store.insert(run("run-p", "dir-1", "alice", t0));
        Map<String, AttributeValue> item = item("run-p");
        assertThat(item).doesNotContainKeys("result", "error_type", "error_message", "started_at", "ended_at",
                "execution_arn");
        assertThat(item.get("created_key").s()).isEqualTo(Items.createdKey(t0, "run-p")).endsWith("#run-p");
        assertThat(item.get("version").n()).isEqualTo("1");
    }

    @Test
    void anUpdateAtVersionZeroIsRefusedAndInsertsNothing() {
        assertThat(store.update(run("ghost", "dir-1", "alice", t0))).isEmpty();
        assertThat(store.get("ghost")).isEmpty();
        store.insert(run("run-1", "dir-1", "alice", t0));
        assertThat(store.update(run("run-1", "dir-1", "alice", t0))).isEmpty();
        assertThat(store.get("run-1").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aStatusFilterReadsOnUntilTheLimitIsFilledOrTheOwnerHasNoMoreRuns() {
        List<String> runningNewestFirst = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ExecutionRun r = run(String.format("run-%02d", i), "dir-" + (i % 3), "alice", t0.plusSeconds(i));
            store.insert(r);
            if (i < 5) {
                running(r);
                runningNewestFirst.add(0, r.id());
            }
        }
        store.insert(run("run-bob", "dir-bob", "bob", t0.plusSeconds(1)));
        running(run("run-bob", "dir-bob", "bob", t0.plusSeconds(1)));
        for (int limit = 1; limit <= 6; limit++) {
            assertThat(store.byOwner("alice", RunStatus.RUNNING, limit)).extracting(ExecutionRun::id)
                    .containsExactlyElementsOf(runningNewestFirst.subList(0, Math.min(limit, 5)));
        }
        assertThat(store.byOwner("alice", null, 100)).hasSize(40);
        assertThat(store.byOwner("alice", RunStatus.PENDING, 100)).hasSize(35).first()
                .extracting(ExecutionRun::id).isEqualTo("run-39");
        assertThat(store.byOwner("alice", RunStatus.CANCELED, 100)).isEmpty();
        assertThat(store.byDirective("dir-0")).hasSize(14).extracting(ExecutionRun::id).startsWith("run-39", "run-36",
                "run-33").endsWith("run-03", "run-00");
    }
}
