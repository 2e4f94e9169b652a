package io.jeeves.kernel.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.InvalidArgumentException;
import io.jeeves.kernel.Counter;
import io.jeeves.kernel.Priority;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.ProcessLifecycle;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.ResourceQuota;
import io.jeeves.kernel.ResourceUsage;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptKind;
import io.jeeves.kernel.interrupt.InterruptResponse;
import io.jeeves.kernel.interrupt.InterruptStatus;
import io.jeeves.kernel.ratelimit.RateLimiter;
import io.jeeves.kernel.ratelimit.RateState;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.Page;
import io.jeeves.kernel.store.ProcessStore;
import io.jeeves.kernel.store.SettingsStore.Setting;
import io.jeeves.testing.Concurrently;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the store interfaces must do. Subclasses supply fresh, empty stores;
 * the same suite runs against the in-memory doubles and against DynamoDB Local.
 */
public abstract class StoreContract {
    protected final Instant t0 = Instant.parse("2026-03-01T10:00:00Z").plusNanos(123_456_000);
    protected KernelStores stores;

    /** Fresh, empty stores for one test. */
    protected abstract KernelStores newStores();

    @BeforeEach
    void setUpStores() {
        stores = newStores();
    }

    protected Process process(String pid, String user, Priority priority, Instant created) {
        return ProcessLifecycle.create(pid, "req-" + pid, user, "sess-" + user, priority, ResourceQuota.DEFAULTS, created);
    }

    protected Process stored(Process p) {
        assertThat(stores.processes().insert(p)).isTrue();
        return stores.processes().get(p.pid()).orElseThrow();
    }

    // ---- processes -------------------------------------------------------------------------------------

    @Test
    void processRoundTripsEveryField() {
        ResourceQuota quota = ResourceQuota.DEFAULTS.withOverrides(Map.of("max_llm_calls", 7, "timeout_seconds", 0));
        Process p = ProcessLifecycle.create("p-1", "req-1", "alice", "s-1", Priority.HIGH, quota, t0);
        p = ProcessLifecycle.transition(ProcessLifecycle.schedule(p, t0), ProcessState.RUNNING, "", t0.plusSeconds(1));
        p = ProcessLifecycle.transition(p, ProcessState.BLOCKED, "waiting for budget", t0.plusSeconds(2));
        assertThat(stores.processes().insert(p)).isTrue();
        Process back = stores.processes().get("p-1").orElseThrow();
        assertThat(back).isEqualTo(p.withVersion(1));
        assertThat(stores.processes().get("nope")).isEmpty();
    }

    @Test
    void insertRefusesATakenPid() {
        stored(process("p-1", "alice", Priority.NORMAL, t0));
        assertThat(stores.processes().insert(process("p-1", "bob", Priority.LOW, t0))).isFalse();
        assertThat(stores.processes().get("p-1").orElseThrow().userId()).isEqualTo("alice");
    }

    @Test
    void updateIsConditionalOnTheVersionRead() {
        Process v1 = stored(process("p-1", "alice", Priority.NORMAL, t0));
        Process v2 = stores.processes().update(ProcessLifecycle.schedule(v1, t0.plusSeconds(1))).orElseThrow();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.state()).isEqualTo(ProcessState.READY);
        assertThat(stores.processes().update(ProcessLifecycle.terminate(v1, "stale", t0))).as("stale version").isEmpty();
        assertThat(stores.processes().get("p-1").orElseThrow().state()).isEqualTo(ProcessState.READY);
    }

    @Test
    void concurrentUpdatesOfOneVersionLetExactlyOneWin() throws Exception {
        Process v1 = stores.processes().update(ProcessLifecycle.schedule(stored(process("p-1", "a", Priority.NORMAL, t0)), t0))
                .orElseThrow();
        List<Boolean> wins = concurrently(16, i -> stores.processes()
                .update(ProcessLifecycle.transition(v1, ProcessState.RUNNING, "", t0.plusMillis(i))).isPresent());
        assertThat(wins.stream().filter(w -> w).count()).isEqualTo(1);
        assertThat(stores.processes().get("p-1").orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void lifecycleWritesNeverOverwriteUsage() {
        Process v1 = stored(process("p-1", "alice", Priority.NORMAL, t0));
        UsageDelta d = new UsageDelta(3, 2, 1, 1, 100, 50, 1, 10);
        assertThat(stores.processes().addUsage("p-1", d, Map.of(Counter.LLM_CALLS, 97L), null))
                .contains(ResourceUsage.ZERO.plus(d));
        Process v2 = stores.processes().update(ProcessLifecycle.schedule(v1, t0)).orElseThrow();
        assertThat(v2.usage()).isEqualTo(ResourceUsage.ZERO.plus(d));
        assertThat(stores.processes().get("p-1").orElseThrow().usage()).isEqualTo(ResourceUsage.ZERO.plus(d));
    }

    @Test
    void addUsageRefusesPastTheCeilingAndWritesNothing() {
        stored(process("p-1", "alice", Priority.NORMAL, t0));
        UsageDelta two = new UsageDelta(2, 1, 0, 0, 0, 0, 0, 0);
        Map<Counter, Long> ceilings = new EnumMap<>(Counter.class);
        ceilings.put(Counter.LLM_CALLS, 2L);
        ceilings.put(Counter.TOOL_CALLS, 0L);
        assertThat(stores.processes().addUsage("p-1", two, ceilings, null)).isPresent();
        assertThat(stores.processes().addUsage("p-1", two, ceilings, null)).as("tool_calls 1 > ceiling 0").isEmpty();
        assertThat(stores.processes().get("p-1").orElseThrow().usage().llmCalls()).isEqualTo(2);
        assertThat(stores.processes().addUsage("missing", two, ceilings, null)).isEmpty();
    }

    @Test
    void addUsageRefusesTerminatedAndTimedOutProcesses() {
        Process p = stored(process("p-1", "alice", Priority.NORMAL, t0));
        p = stores.processes().update(ProcessLifecycle.schedule(p, t0)).orElseThrow();
        p = stores.processes().update(ProcessLifecycle.transition(p, ProcessState.RUNNING, "", t0)).orElseThrow();
        UsageDelta one = new UsageDelta(1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(stores.processes().addUsage("p-1", one, Map.of(Counter.LLM_CALLS, 99L), t0.plusSeconds(1)))
                .as("started before the earliest admissible start").isEmpty();
        assertThat(stores.processes().addUsage("p-1", one, Map.of(Counter.LLM_CALLS, 99L), t0)).isPresent();
        stores.processes().update(ProcessLifecycle.terminate(p, "", t0.plusSeconds(2))).orElseThrow();
        assertThat(stores.processes().addUsage("p-1", one, Map.of(Counter.LLM_CALLS, 99L), null)).isEmpty();
    }

    @Test
    void concurrentIncrementsNeverOverspend() throws Exception {
        stored(process("p-1", "alice", Priority.NORMAL, t0));
        UsageDelta one = new UsageDelta(1, 0, 0, 0, 0, 0, 0, 0);
        // quota 50: usage may be at most 49 before adding 1
        List<Boolean> admitted = concurrently(64,
                i -> stores.processes().addUsage("p-1", one, Map.of(Counter.LLM_CALLS, 49L), null).isPresent());
        assertThat(admitted.stream().filter(a -> a).count()).isEqualTo(50);
        assertThat(stores.processes().get("p-1").orElseThrow().usage().llmCalls()).isEqualTo(50);
    }

    @Test
    void readyQueueIsPriorityThenFifoAndOnlyReady() {
        ProcessStore s = stores.processes();
        String[][] spec = {{"low-old", "LOW", "0"}, {"norm-new", "NORMAL", "3"}, {"norm-old", "NORMAL", "1"},
            {"high", "HIGH", "5"}, {"norm-mid", "NORMAL", "2"}, {"idle", "IDLE", "0"}, {"rt", "REALTIME", "9"}};
        for (String[] row : spec) {
            Process p = stored(process(row[0], "u", Priority.valueOf(row[1]), t0.plusSeconds(Long.parseLong(row[2]))));
            s.update(ProcessLifecycle.schedule(p, t0)).orElseThrow();
        }
        stored(process("new-only", "u", Priority.REALTIME, t0)); // NEW: not in the queue
        Process running = s.get("rt").orElseThrow();
        s.update(ProcessLifecycle.transition(running, ProcessState.RUNNING, "", t0)).orElseThrow();
        assertThat(s.readyQueue(10)).extracting(Process::pid)
                .containsExactly("high", "norm-old", "norm-mid", "norm-new", "low-old", "idle");
        assertThat(s.readyQueue(2)).extracting(Process::pid).containsExactly("high", "norm-old");
        Process resumed = s.update(ProcessLifecycle.transition(s.get("rt").orElseThrow(), ProcessState.READY, "", t0))
                .orElseThrow();
        assertThat(resumed.state()).isEqualTo(ProcessState.READY);
        assertThat(s.readyQueue(1)).extracting(Process::pid).containsExactly("rt");
    }

    @Test
    void listingFiltersAndPaginates() {
        for (int i = 0; i < 7; i++) {
            Process p = stored(process("p-" + i, i % 2 == 0 ? "alice" : "bob", Priority.NORMAL, t0.plusSeconds(i)));
            if (i < 4) {
                stores.processes().update(ProcessLifecycle.schedule(p, t0)).orElseThrow();
            }
        }
        assertThat(collect(null, null, 3)).hasSize(7);
        assertThat(collect(null, "alice", 3)).extracting(Process::pid).containsExactlyInAnyOrder("p-0", "p-2", "p-4", "p-6");
        assertThat(collect(ProcessState.READY, null, 2)).extracting(Process::pid)
                .containsExactlyInAnyOrder("p-0", "p-1", "p-2", "p-3");
        assertThat(collect(ProcessState.READY, "bob", 1)).extracting(Process::pid).containsExactlyInAnyOrder("p-1", "p-3");
        assertThat(collect(ProcessState.ZOMBIE, null, 5)).isEmpty();
        Page<Process> first = stores.processes().list(null, "alice", 3, null);
        assertThat(first.items()).hasSize(3);
        assertThat(first.nextToken()).isNotNull();
    }

    private List<Process> collect(ProcessState state, String user, int pageSize) {
        List<Process> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Process> page = stores.processes().list(state, user, pageSize, token);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            all.addAll(page.items());
            token = page.nextToken();
            assertThat(++pages).isLessThan(20);
        } while (token != null);
        return all;
    }

    @Test
    void aForgedPageTokenIsAnInvalidArgument() {
        assertThatThrownBy(() -> stores.processes().list(null, "alice", 3, "not-a-token!"))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("next_token"));
    }

    @Test
    void countsByStateForAllAndForOneUser() {
        for (int i = 0; i < 5; i++) {
            Process p = stored(process("p-" + i, i < 3 ? "alice" : "bob", Priority.NORMAL, t0));
            if (i % 2 == 0) {
                stores.processes().update(ProcessLifecycle.schedule(p, t0)).orElseThrow();
            }
        }
        Map<ProcessState, Long> all = stores.processes().countByState(null);
        assertThat(all.get(ProcessState.READY)).isEqualTo(3);
        assertThat(all.get(ProcessState.NEW)).isEqualTo(2);
        Map<ProcessState, Long> alice = stores.processes().countByState("alice");
        assertThat(alice.get(ProcessState.READY)).isEqualTo(2);
        assertThat(alice.get(ProcessState.NEW)).isEqualTo(1);
        assertThat(alice.getOrDefault(ProcessState.RUNNING, 0L)).isZero();
    }

    @Test
    void inStateSinceAndConditionalDelete() {
        Process a = stored(process("a", "u", Priority.NORMAL, t0));
        Process b = stored(process("b", "u", Priority.NORMAL, t0));
        a = stores.processes().update(ProcessLifecycle.terminate(a, "", t0.plusSeconds(10))).orElseThrow();
        stores.processes().update(ProcessLifecycle.terminate(b, "", t0.plusSeconds(100))).orElseThrow();
        assertThat(stores.processes().inStateSince(ProcessState.TERMINATED, t0.plusSeconds(50), 10))
                .extracting(Process::pid).containsExactly("a");
        assertThat(stores.processes().inStateSince(ProcessState.TERMINATED, t0.plusSeconds(500), 10))
                .extracting(Process::pid).containsExactly("a", "b");
        assertThat(stores.processes().delete("a", a.version() - 1)).isFalse();
        assertThat(stores.processes().delete("a", a.version())).isTrue();
        assertThat(stores.processes().get("a")).isEmpty();
    }

    // ---- interrupts ------------------------------------------------------------------------------------

    protected Interrupt interrupt(String id, String session, InterruptKind kind, Instant created) {
        Instant expires = kind.ttl() == null ? null : created.plus(kind.ttl());
        return new Interrupt(id, kind, InterruptStatus.PENDING, "req", "alice", session, "env", "Which file?", null,
                Map.of("options", List.of("a", "b"), "nested", Map.of("n", 1)), null, created, expires, null, 0);
    }

    @Test
    void interruptRoundTripsAndUpdatesConditionally() {
        Interrupt i = interrupt("int_1", "s1", InterruptKind.CLARIFICATION, t0);
        assertThat(stores.interrupts().insert(i)).isTrue();
        assertThat(stores.interrupts().insert(i)).isFalse();
        Interrupt back = stores.interrupts().get("int_1").orElseThrow();
        assertThat(back).isEqualTo(i.withVersionOne());
        InterruptResponse r = new InterruptResponse("the README", true, "ok", Map.of("k", "v"), t0.plusSeconds(5));
        Interrupt resolved = stores.interrupts()
                .update(back.withStatus(InterruptStatus.RESOLVED, t0.plusSeconds(5), r, back.data())).orElseThrow();
        assertThat(resolved.version()).isEqualTo(2);
        assertThat(stores.interrupts().get("int_1").orElseThrow().response()).isEqualTo(r);
        assertThat(stores.interrupts().update(back.withStatus(InterruptStatus.CANCELLED, null, null, back.data())))
                .as("stale version").isEmpty();
        assertThat(stores.interrupts().get("int_1").orElseThrow().status()).isEqualTo(InterruptStatus.RESOLVED);
    }

    @Test
    void interruptQueriesForSessionsExpiryAndCleanup() {
        stores.interrupts().insert(interrupt("int_b", "s1", InterruptKind.CONFIRMATION, t0.plusSeconds(2)));
        stores.interrupts().insert(interrupt("int_a", "s1", InterruptKind.CLARIFICATION, t0.plusSeconds(1)));
        stores.interrupts().insert(interrupt("int_c", "s2", InterruptKind.CHECKPOINT, t0));
        assertThat(stores.interrupts().bySession("s1")).extracting(Interrupt::id).containsExactly("int_a", "int_b");
        assertThat(stores.interrupts().countPending()).isEqualTo(3);
        assertThat(stores.interrupts().pendingExpiredBy(t0.plusSeconds(7200), 10)).extracting(Interrupt::id)
                .containsExactly("int_b");
        Interrupt b = stores.interrupts().get("int_b").orElseThrow();
        stores.interrupts().update(b.withStatus(InterruptStatus.EXPIRED, null, null, b.data())).orElseThrow();
        assertThat(stores.interrupts().pendingExpiredBy(t0.plusSeconds(7200), 10)).isEmpty();
        assertThat(stores.interrupts().countPending()).isEqualTo(2);
        assertThat(stores.interrupts().withStatusCreatedBefore(InterruptStatus.EXPIRED, t0.plusSeconds(3), 10))
                .extracting(Interrupt::id).containsExactly("int_b");
        assertThat(stores.interrupts().withStatusCreatedBefore(InterruptStatus.EXPIRED, t0.plusSeconds(1), 10)).isEmpty();
        Interrupt gone = stores.interrupts().get("int_b").orElseThrow();
        assertThat(stores.interrupts().delete("int_b", gone.version() + 1)).isFalse();
        assertThat(stores.interrupts().delete("int_b", gone.version())).isTrue();
        assertThat(stores.interrupts().get("int_b")).isEmpty();
    }

    // ---- rate limits, settings, sessions -----------------------------------------------------------------

    @Test
    void rateStateIsReplacedByCompareAndSet() {
        assertThat(stores.rateLimits().load("alice")).isEqualTo(RateState.empty());
        long now = t0.toEpochMilli();
        RateState one = RateLimiter.admit(RateState.empty(), now);
        assertThat(stores.rateLimits().compareAndSet("alice", one, t0.plusSeconds(90_000))).isTrue();
        assertThat(stores.rateLimits().compareAndSet("alice", one, t0.plusSeconds(90_000))).as("stale").isFalse();
        RateState back = stores.rateLimits().load("alice");
        assertThat(back.version()).isEqualTo(1);
        assertThat(back.seconds()).isEqualTo(one.seconds());
        assertThat(back.minutes()).isEqualTo(one.minutes());
        assertThat(back.hours()).isEqualTo(one.hours());
        RateState two = RateLimiter.admit(back, now + 5);
        assertThat(stores.rateLimits().compareAndSet("alice", two, t0.plusSeconds(90_000))).isTrue();
        assertThat(stores.rateLimits().load("alice").seconds().values()).containsExactly(2);
        stores.rateLimits().compareAndSet("bob", one, t0.plusSeconds(10));
        assertThat(stores.rateLimits().deleteIdle(t0.plusSeconds(60), 10)).isEqualTo(1);
        assertThat(stores.rateLimits().load("bob")).isEqualTo(RateState.empty());
        assertThat(stores.rateLimits().load("alice").version()).isEqualTo(2);
    }

    @Test
    void concurrentCompareAndSetLetsOneWriterWinPerVersion() throws Exception {
        RateState base = RateLimiter.admit(RateState.empty(), t0.toEpochMilli());
        List<Boolean> wins = concurrently(12,
                i -> stores.rateLimits().compareAndSet("carol", base, t0.plusSeconds(100)));
        assertThat(wins.stream().filter(w -> w).count()).isEqualTo(1);
    }

    @Test
    void settingsAreVersioned() {
        assertThat(stores.settings().get("k")).isEmpty();
        assertThat(stores.settings().put(new Setting("k", Map.of("a", 1), 0, t0, "admin"))).isTrue();
        assertThat(stores.settings().put(new Setting("k", Map.of("a", 2), 0, t0, "admin"))).as("stale").isFalse();
        Setting s = stores.settings().get("k").orElseThrow();
        assertThat(s.values()).containsEntry("a", 1);
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.updatedBy()).isEqualTo("admin");
        assertThat(stores.settings().put(new Setting("k", Map.of("a", 0, "b", 5), 1, t0, "root"))).isTrue();
        stores.settings().put(new Setting("other", Map.of("x", 9), 0, t0, "admin"));
        Map<String, Setting> both = stores.settings().getAll(List.of("k", "other", "missing"));
        assertThat(both).containsOnlyKeys("k", "other");
        assertThat(both.get("k").values()).containsEntry("a", 0).containsEntry("b", 5);
        assertThat(stores.settings().delete("k")).isTrue();
        assertThat(stores.settings().delete("k")).isFalse();
    }

    @Test
    void sessionsAreTouchedCountedAndCollected() {
        stores.sessions().touch("alice", "s1", t0);
        stores.sessions().touch("alice", "s2", t0.plusSeconds(100));
        stores.sessions().touch("bob", "s1", t0.plusSeconds(200));
        stores.sessions().touch("alice", "s1", t0.plusSeconds(300)); // activity moves s1 forward
        assertThat(stores.sessions().countActiveSince(t0.plusSeconds(150))).isEqualTo(2);
        assertThat(stores.sessions().deleteInactiveBefore(t0.plusSeconds(250), 10)).isEqualTo(2);
        assertThat(stores.sessions().countActiveSince(t0)).isEqualTo(1);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Runs {@code n} tasks released at the same moment and returns their results. */
    protected static <T> List<T> concurrently(int n, Concurrently.IndexedTask<T> task) throws Exception {
        return Concurrently.run(n, task);
    }
}
