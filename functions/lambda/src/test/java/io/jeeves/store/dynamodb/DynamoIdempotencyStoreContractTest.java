package io.jeeves.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.governance.execution.module.ModuleResult;
import io.jeeves.governance.execution.store.IdempotencyRecord;
import io.jeeves.governance.execution.store.IdempotencyRecord.Status;
import io.jeeves.governance.execution.store.IdempotencyStore;
import io.jeeves.governance.execution.store.contract.IdempotencyStoreContract;
import io.jeeves.testing.Concurrently;
import io.jeeves.testing.DynamoDbLocal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The idempotency contract against DynamoDB Local, and what only the DynamoDB layout can get wrong. */
class DynamoIdempotencyStoreContractTest extends IdempotencyStoreContract {
    private String table;

    @Override
    protected IdempotencyStore newStore() {
        table = DynamoDbLocal.freshTables() + Catalog.IDEMPOTENCY;
        return new DynamoIdempotencyStore(DynamoDbLocal.client(), table);
    }

    private Map<String, AttributeValue> item(String key) {
        return Items.get(DynamoDbLocal.client(), table, Map.of("idempotency_key", Items.s(key))).orElseThrow();
    }

    @Test
    void aResultKeepsNestedValuesUnicodeAndExactNumbers() {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("text", "naïve 日本語 🚀 \"quoted\" \\ \n");
        output.put("small", 3L);
        output.put("max", Long.MAX_VALUE);
        output.put("huge", new BigInteger("-123456789012345678901234567890"));
        output.put("exact", new BigDecimal("0.10"));
        output.put("double", 0.5);
        output.put("nothing", null);
        output.put("deep", Map.of("list", List.of(Map.of("k", List.of()), true), "empty", Map.of()));
        store.begin("ключ ✓", t0, LEASE, TTL);
        ModuleResult ok = ModuleResult.success(output);
        assertThat(store.complete("ключ ✓", ok)).isTrue();
        assertThat(store.get("ключ ✓").orElseThrow().result()).isEqualTo(ok);

        store.begin("failure", t0, LEASE, TTL);
        ModuleResult failure = ModuleResult.failure("");
        store.complete("failure", failure);
        assertThat(store.get("failure").orElseThrow().result()).isEqualTo(failure);
    }

    @Test
    void aRecordPastItsExpiryButNotYetRemovedByTtlIsBegunAgainWithoutItsOldResult() {
        store.begin("d:r", t0, LEASE, TTL);
        store.complete("d:r", ModuleResult.failure("old"));
        Instant expiry = t0.plus(TTL);
        assertThat(store.begin("d:r", expiry.minusNanos(1_000), LEASE, TTL)).as("one microsecond early").isFalse();
        Instant muchLater = expiry.plus(Duration.ofDays(30));
        assertThat(item("d:r").get("ttl").n()).as("TTL would have removed it long ago")
                .isEqualTo(Long.toString(expiry.getEpochSecond() + 1));
        assertThat(store.begin("d:r", muchLater, LEASE, TTL)).isTrue();
        assertThat(store.get("d:r")).contains(new IdempotencyRecord("d:r", Status.IN_PROGRESS, null, muchLater.plus(TTL),
                muchLater.plus(LEASE), 3));
        assertThat(item("d:r")).doesNotContainKeys("result_status", "output", "error_type", "error_message");
    }

    @Test
    void ofConcurrentBeginsOverAnExpiredRecordExactlyOneWins() throws Exception {
        store.begin("d:r", t0, LEASE, TTL);
        Instant later = t0.plus(LEASE).plusSeconds(1);
        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.outcomes(8, i -> store.begin("d:r", later, LEASE, TTL));
        assertThat(outcomes).extracting(Concurrently.Outcome::value).containsOnlyOnce(true);
        assertThat(store.get("d:r").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void theTtlIsTheExpiryInEpochSecondsRoundedUp() {
        Instant whole = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(DynamoIdempotencyStore.ttlSeconds(whole)).isEqualTo(whole.getEpochSecond());
        assertThat(DynamoIdempotencyStore.ttlSeconds(whole.plusNanos(1))).isEqualTo(whole.getEpochSecond() + 1);
        store.begin("d:r", whole, LEASE, TTL);
        assertThat(item("d:r").get("ttl").n()).isEqualTo(Long.toString(whole.plus(TTL).getEpochSecond()));
    }

    @Test
    void aReleasedOrCompletedKeyIsNotReleasedTwice() {
        store.begin("d:r", t0, LEASE, TTL);
        assertThat(store.release("d:r")).isTrue();
        assertThat(store.release("d:r")).isFalse();
        assertThat(store.complete("d:r", ModuleResult.success(Map.of()))).as("released").isFalse();
        assertThat(store.get("d:r")).isEmpty();
    }
}
