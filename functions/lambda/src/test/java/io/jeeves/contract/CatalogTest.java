package io.jeeves.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.TableSpec;
import io.jeeves.runtime.JeevesHandler;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog names real handler classes, and every function and route once. */
class CatalogTest {
    @Test
    void everyHandlerClassExistsAndIsAJeevesHandler() throws Exception {
        for (FunctionSpec f : Catalog.functions()) {
            Class<?> c = Class.forName(f.handlerClass());
            assertThat(RequestStreamHandler.class).isAssignableFrom(c);
            assertThat(JeevesHandler.class).isAssignableFrom(c);
            assertThat(c.getSimpleName()).isEqualTo(f.name() + "Handler");
        }
    }

    @Test
    void theFourteenKernelRpcsAndFiveInterruptRpcsEachHaveTheirOwnFunction() {
        Set<String> names = new HashSet<>();
        Catalog.functions().forEach(f -> assertThat(names.add(f.name())).as(f.name()).isTrue());
        assertThat(names).contains("CreateProcess", "GetProcess", "ScheduleProcess", "GetNextRunnable", "TransitionState",
                "TerminateProcess", "CheckQuota", "RecordUsage", "CheckRateLimit", "ListProcesses", "GetProcessCounts",
                "SetQuotaDefaults", "GetQuotaDefaults", "GetSystemStatus", "CreateInterrupt", "ResolveInterrupt",
                "CancelInterrupt", "GetInterrupt", "GetPendingForSession");
        Set<String> routes = new HashSet<>();
        Catalog.functions().forEach(f -> f.routes().forEach(r -> assertThat(routes.add(r.routeKey())).isTrue()));
    }

    @Test
    void directivesAreKeptInOnePartitionPerDirectiveWithSparseListingIndexes() {
        TableSpec t = Catalog.table(Catalog.DIRECTIVES);
        assertThat(t.partitionKey()).isEqualTo(TableSpec.s("directive_id"));
        assertThat(t.sortKey()).isEqualTo(TableSpec.s("item"));
        assertThat(t.ttlAttribute()).as("directives are kept").isNull();
        assertThat(t.indexes()).extracting(TableSpec.Index::name).containsExactly("created-index", "owner-index",
                "role-index");
        assertThat(t.indexes()).allMatch(i -> i.sortKey().equals(TableSpec.s("created_key")));
        assertThat(Catalog.function("Cleanup").orElseThrow().tables()).doesNotContainKey(Catalog.DIRECTIVES);
    }

    @Test
    void runsAreListedNewestFirstByDirectiveAndByOwnerAndIdempotencyRecordsExpire() {
        TableSpec runs = Catalog.table(Catalog.RUNS);
        assertThat(runs.partitionKey()).isEqualTo(TableSpec.s("run_id"));
        assertThat(runs.sortKey()).isNull();
        assertThat(runs.ttlAttribute()).as("runs are kept").isNull();
        assertThat(runs.indexes()).containsExactly(
                new TableSpec.Index("directive-index", TableSpec.s("directive_id"), TableSpec.s("created_key")),
                new TableSpec.Index("owner-index", TableSpec.s("owner"), TableSpec.s("created_key")));

        TableSpec idempotency = Catalog.table(Catalog.IDEMPOTENCY);
        assertThat(idempotency.partitionKey()).isEqualTo(TableSpec.s("idempotency_key"));
        assertThat(idempotency.sortKey()).isNull();
        assertThat(idempotency.indexes()).isEmpty();
        assertThat(idempotency.ttlAttribute()).isEqualTo(Catalog.TTL);
        assertThat(Catalog.function("Cleanup").orElseThrow().tables()).doesNotContainKeys(Catalog.RUNS,
                Catalog.IDEMPOTENCY);
    }

    @Test
    void artifactsAreOneImmutableItemEachListedNewestFirstByIndexesForEveryFilter() {
        TableSpec t = Catalog.table(Catalog.ARTIFACTS_TABLE);
        assertThat(t.partitionKey()).isEqualTo(TableSpec.s("artifact_id"));
        assertThat(t.sortKey()).isNull();
        assertThat(t.ttlAttribute()).as("artifacts are kept").isNull();
        assertThat(t.indexes()).extracting(TableSpec.Index::name).containsExactly("created-index", "owner-index",
                "owner-type-index", "type-index", "directive-index");
        assertThat(t.indexes()).allMatch(i -> i.sortKey().equals(TableSpec.s("created_key")));
        assertThat(Catalog.function("Cleanup").orElseThrow().tables()).doesNotContainKey(Catalog.ARTIFACTS_TABLE);
        assertThat(Catalog.buckets()).extracting(b -> b.id()).contains(Catalog.ARTIFACTS);
    }

    @Test
    void everyFunctionTouchesOnlyCatalogTables() {
        Set<String> tables = new HashSet<>();
        Catalog.tables().forEach(t -> tables.add(t.id()));
        Catalog.functions().forEach(f -> assertThat(tables).containsAll(f.tables().keySet()));
    }
}
