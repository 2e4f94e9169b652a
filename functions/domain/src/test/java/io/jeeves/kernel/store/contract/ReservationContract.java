package io.jeeves.kernel.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.NotFoundException;
import io.jeeves.error.ResourceExhaustedException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.ResourceUsage;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelConfig;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.kernel.service.UsageReservations;
import io.jeeves.kernel.store.ReservationStore;
import io.jeeves.kernel.store.ReservationStore.Reservation;
import io.jeeves.testing.Concurrently;
import io.jeeves.testing.TestClock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reserve before the spend, settle after, once per call id: over whatever stores a subclass supplies. */
public abstract class ReservationContract {
    protected final Caller alice = Caller.user("alice", Set.of());
    protected TestClock clock;
    protected Kernel kernel;
    protected ReservationStore store;
    protected UsageReservations reservations;
    protected KernelStores stores;

    /** Fresh kernel stores, and a reservation store over their processes. */
    protected abstract KernelStores newStores();

    protected abstract ReservationStore newReservationStore(KernelStores stores);

    @BeforeEach
    void setUp() {
        clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
        stores = newStores();
        kernel = new Kernel(stores, KernelConfig.DEFAULTS, clock);
        store = newReservationStore(stores);
        reservations = new UsageReservations(kernel.processes(), store, clock);
    }

    private Process process(String pid, Map<String, Integer> quota) {
        return kernel.processes().create(alice, new ProcessService.CreateRequest(pid, null, null, null, null, quota, true))
                .process();
    }

    private ResourceUsage usage(String pid) {
        return kernel.processes().get(alice, pid).usage();
    }

    private static UsageDelta llm(long in, long out) {
        return new UsageDelta(1, 0, 0, 0, in, out, 0, 0);
    }

    @Test
    void aReservationChargesAtOnceAndSettlesToTheRealUsageUpOrDown() {
        process("p1", null);
        reservations.reserve(alice, "p1", "c1", llm(100, 500));
        assertThat(usage("p1").tokensOut()).isEqualTo(500);
        assertThat(usage("p1").llmCalls()).isEqualTo(1);

        Reservation settled = reservations.settle("c1", llm(120, 42));
        assertThat(settled.settled()).isTrue();
        assertThat(settled.actual()).isEqualTo(llm(120, 42));
        assertThat(usage("p1").tokensIn()).isEqualTo(120); // above the estimate: what was spent was spent
        assertThat(usage("p1").tokensOut()).isEqualTo(42);
        assertThat(usage("p1").llmCalls()).isEqualTo(1);
    }

    @Test
    void reserveAndSettleAreIdempotentByCallId() {
        process("p2", null);
        Reservation first = reservations.reserve(alice, "p2", "c2", llm(10, 50));
        Reservation again = reservations.reserve(alice, "p2", "c2", llm(10, 50));
        assertThat(again.callId()).isEqualTo(first.callId());
        assertThat(usage("p2").tokensOut()).isEqualTo(50);

        reservations.settle("c2", llm(10, 5));
        Reservation twice = reservations.settle("c2", llm(10, 7)); // a redelivered settle with other numbers
        assertThat(twice.actual()).isEqualTo(llm(10, 5));
        assertThat(usage("p2").tokensOut()).isEqualTo(5);
        assertThat(reservations.reserve(alice, "p2", "c2", llm(10, 50)).settled()).isTrue();
        assertThat(usage("p2").llmCalls()).isEqualTo(1);
    }

    @Test
    void aReservationPastTheQuotaIsRefusedWhole() {
        process("p3", Map.of("max_output_tokens", 100));
        reservations.reserve(alice, "p3", "a", llm(1, 60));
        assertThatThrownBy(() -> reservations.reserve(alice, "p3", "b", llm(1, 60)))
                .isInstanceOf(ResourceExhaustedException.class).hasMessageContaining("tokens_out");
        assertThat(usage("p3").llmCalls()).isEqualTo(1);
        assertThat(store.get("b")).isEmpty();
        reservations.settle("a", llm(1, 10)); // the unused 50 come back
        reservations.reserve(alice, "p3", "b", llm(1, 60));
        assertThat(usage("p3").tokensOut()).isEqualTo(70);
    }

    @Test
    void concurrentReservationsNeverOverspend() throws Exception {
        process("p4", Map.of("max_llm_calls", 5));
        var outcomes = Concurrently.outcomes(12, i -> reservations.reserve(alice, "p4", "r" + i, llm(1, 1)));
        long reserved = outcomes.stream().filter(o -> o.thrown() == null).count();
        assertThat(reserved).isEqualTo(5);
        assertThat(outcomes.stream().filter(o -> o.thrown() != null)
                .allMatch(o -> o.thrown() instanceof ResourceExhaustedException)).isTrue();
        assertThat(usage("p4").llmCalls()).isEqualTo(5);
    }

    @Test
    void concurrentSettlesOfOneCallApplyOnce() throws Exception {
        process("p5", null);
        reservations.reserve(alice, "p5", "c5", llm(10, 1000));
        Concurrently.run(8, i -> reservations.settle("c5", llm(10, 100)));
        assertThat(usage("p5").tokensOut()).isEqualTo(100);
    }

    @Test
    void aCallIdOfAnotherProcessOrNoReservationIsRefused() {
        process("p6", null);
        process("p7", null);
        reservations.reserve(alice, "p6", "shared", llm(1, 1));
        assertThatThrownBy(() -> reservations.reserve(alice, "p7", "shared", llm(1, 1)))
                .isInstanceOf(FailedPreconditionException.class);
        assertThatThrownBy(() -> reservations.settle("never", llm(1, 1))).isInstanceOf(NotFoundException.class);
        assertThat(usage("p7").llmCalls()).isZero();
    }

    @Test
    void aTerminatedProcessReservesNothingButItsOpenCallsStillSettle() {
        process("p8", null);
        reservations.reserve(alice, "p8", "open", llm(5, 100));
        kernel.processes().terminate(alice, "p8", "done");
        assertThatThrownBy(() -> reservations.reserve(alice, "p8", "late", llm(1, 1)))
                .isInstanceOf(FailedPreconditionException.class);
        reservations.settle("open", llm(5, 20));
        assertThat(usage("p8").tokensOut()).isEqualTo(20);
    }

    @Test
    void aCallWhoseProcessWasCollectedStillSettles() {
        process("p9", null);
        Reservation r = reservations.reserve(alice, "p9", "orphan", llm(5, 100));
        Process p = kernel.processes().get(alice, "p9");
        assertThat(stores.processes().delete("p9", p.version())).isTrue();
        Reservation settled = reservations.settle(r, llm(5, 30));
        assertThat(settled.settled()).isTrue();
        assertThat(store.get("orphan").orElseThrow().actual()).isEqualTo(llm(5, 30));
        assertThat(stores.processes().get("p9")).isEmpty(); // not brought back by the correction
    }
}
