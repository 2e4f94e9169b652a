package io.jeeves.governance.execution.store.contract;

import io.jeeves.testing.Concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.governance.execution.module.ModuleResult;
import io.jeeves.governance.execution.store.IdempotencyRecord;
import io.jeeves.governance.execution.store.IdempotencyRecord.Status;
import io.jeeves.governance.execution.store.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link IdempotencyStore} must do; subclasses supply a fresh, empty store. */
public abstract class IdempotencyStoreContract {
    protected static final Duration LEASE = Duration.ofSeconds(60);
    protected static final Duration TTL = Duration.ofHours(1);
    protected final Instant t0 = Instant.parse("2026-03-01T10:00:00Z").plusNanos(123_456_000);
    protected IdempotencyStore store;

    protected abstract IdempotencyStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    @Test
    void beginTakesAnAbsentKeyInProgress() {
        assertThat(store.begin("d:r", t0, LEASE, TTL)).isTrue();
        assertThat(store.get("d:r")).contains(
                new IdempotencyRecord("d:r", Status.IN_PROGRESS, null, t0.plus(TTL), t0.plus(LEASE), 1));
        assertThat(store.get("other")).isEmpty();
    }

    @Test
    void beginRefusesAKeyWhoseLeaseIsRunningAndWritesNothing() {
        store.begin("d:r", t0, LEASE, TTL);
        IdempotencyRecord first = store.get("d:r").orElseThrow();
        assertThat(store.begin("d:r", t0.plus(LEASE).minusMillis(1), LEASE, TTL)).isFalse();
        assertThat(store.get("d:r")).contains(first);
    }

    @Test
    void beginTakesOverAnInProgressKeyWhoseLeaseEnded() {
        store.begin("d:r", t0, LEASE, TTL);
        Instant later = t0.plus(LEASE);
        assertThat(store.begin("d:r", later, LEASE, TTL)).isTrue();
        IdempotencyRecord r = store.get("d:r").orElseThrow();
        assertThat(r.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(r.inProgressExpiresAt()).isEqualTo(later.plus(LEASE));
        assertThat(r.expiresAt()).isEqualTo(later.plus(TTL));
        assertThat(r.version()).isEqualTo(2);
    }

    @Test
    void completeKeepsTheResultUntilTheRecordExpires() {
        store.begin("d:r", t0, LEASE, TTL);
        Map<String, Object> output = new HashMap<>();
        output.put("n", 3L);
        output.put("none", null);
        output.put("list", List.of("x", Map.of("k", "v")));
        ModuleResult ok = ModuleResult.success(output);
        assertThat(store.complete("d:r", ok)).isTrue();
        IdempotencyRecord done = store.get("d:r").orElseThrow();
        assertThat(done.status()).isEqualTo(Status.COMPLETED);
        assertThat(done.result()).isEqualTo(ok);
        assertThat(done.version()).isEqualTo(2);

        assertThat(store.begin("d:r", t0.plus(LEASE).plusSeconds(1), LEASE, TTL)).as("completed, lease over").isFalse();
        assertThat(store.get("d:r")).contains(done);
        assertThat(store.complete("d:r", ModuleResult.failure("late"))).as("completed twice").isFalse();
        assertThat(store.get("d:r")).contains(done);
        assertThat(store.begin("d:r", t0.plus(TTL), LEASE, TTL)).as("expired").isTrue();
        assertThat(store.get("d:r").orElseThrow().status()).isEqualTo(Status.IN_PROGRESS);
    }

    @Test
    void anErrorResultRoundTrips() {
        store.begin("d:r", t0, LEASE, TTL);
        ModuleResult error = ModuleResult.error(new IllegalStateException("boom"));
        store.complete("d:r", error);
        assertThat(store.get("d:r").orElseThrow().result()).isEqualTo(error);
    }

    @Test
    void completeAndReleaseNeedAKeyInProgress() {
        assertThat(store.complete("absent", ModuleResult.success(Map.of()))).isFalse();
        assertThat(store.get("absent")).isEmpty();
        assertThat(store.release("absent")).isFalse();

        store.begin("d:r", t0, LEASE, TTL);
        assertThat(store.release("d:r")).isTrue();
        assertThat(store.get("d:r")).isEmpty();
        assertThat(store.begin("d:r", t0, LEASE, TTL)).as("released keys can be taken at once").isTrue();

        store.complete("d:r", ModuleResult.success(Map.of()));
        assertThat(store.release("d:r")).as("completed").isFalse();
        assertThat(store.get("d:r").orElseThrow().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void ofConcurrentBeginsExactlyOneWins() throws Exception {
        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.outcomes(8, i -> store.begin("d:r", t0, LEASE, TTL));
        assertThat(outcomes).extracting(Concurrently.Outcome::value).containsOnlyOnce(true);
        assertThat(store.get("d:r").orElseThrow().version()).isEqualTo(1);
    }
}
