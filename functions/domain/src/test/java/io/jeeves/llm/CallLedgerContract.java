package io.jeeves.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactConfig;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.governance.artifact.memory.InMemoryBlobStore;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelConfig;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.kernel.service.UsageReservations;
import io.jeeves.kernel.store.ReservationStore;
import io.jeeves.kernel.store.ReservationStore.Reservation;
import io.jeeves.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A call's settlement and its records: one atomic step, once. Over whatever stores a subclass supplies. */
public abstract class CallLedgerContract {
    protected final Caller alice = Caller.user("alice", Set.of());
    protected TestClock clock;
    protected KernelStores stores;
    protected Kernel kernel;
    protected ReservationStore reservationStore;
    protected ArtifactStore artifactStore;
    protected CallLedger ledger;
    private UsageReservations reservations;
    private ArtifactService artifacts;

    protected abstract KernelStores newStores();

    protected abstract ReservationStore newReservationStore(KernelStores stores);

    protected abstract ArtifactStore newArtifactStore();

    protected abstract CallLedger newLedger(ReservationStore reservations, ArtifactStore artifacts, TestClock clock);

    @BeforeEach
    void setUp() {
        clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
        stores = newStores();
        kernel = new Kernel(stores, KernelConfig.DEFAULTS, clock);
        reservationStore = newReservationStore(stores);
        artifactStore = newArtifactStore();
        ledger = newLedger(reservationStore, artifactStore, clock);
        reservations = new UsageReservations(kernel.processes(), reservationStore, clock);
        artifacts = new ArtifactService(artifactStore, new InMemoryBlobStore(), new ArtifactConfig("jeeves-artifacts"), clock);
    }

    private Reservation reserved(String pid, String callId) {
        kernel.processes().create(alice, new ProcessService.CreateRequest(pid, null, null, null, null, null, true));
        return reservations.reserve(alice, pid, callId, new UsageDelta(1, 0, 0, 0, 10, 100, 0, 0));
    }

    private Artifact record(String id, String pid, String text) {
        return artifacts.prepareInline(Caller.system(), new ArtifactService.CreateRequest(id, "llm_call", "alice", null,
                null, pid, "application/json", text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSettlementAndTheRecordsAreWrittenTogetherAndOnce() {
        Reservation r = reserved("p1", "c1");
        UsageDelta actual = new UsageDelta(1, 0, 0, 0, 12, 7, 0, 0);
        Reservation settled = ledger.settle(r, actual, List.of(record("c1-llm_call", "p1", "{\"a\":1}"),
                record("c1-llm_usage", "p1", "{\"b\":2}")));
        assertThat(settled.actual()).isEqualTo(actual);
        assertThat(artifactStore.get("c1-llm_call")).isPresent();
        assertThat(artifactStore.get("c1-llm_usage")).isPresent();
        assertThat(kernel.processes().get(alice, "p1").usage().tokensOut()).isEqualTo(7);

        // a retry (with other numbers and other content): the first settlement stands, nothing is written
        Reservation again = ledger.settle(r, new UsageDelta(1, 0, 0, 0, 12, 9, 0, 0),
                List.of(record("c1-llm_call", "p1", "{\"a\":2}")));
        assertThat(again.actual()).isEqualTo(actual);
        assertThat(new String(artifactStore.get("c1-llm_call").orElseThrow().content(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}");
        assertThat(kernel.processes().get(alice, "p1").usage().tokensOut()).isEqualTo(7);
    }

    @Test
    void aRecordWhoseIdIsTakenRefusesTheWholeStep() {
        Reservation r = reserved("p2", "c2");
        artifacts.create(Caller.system(), new ArtifactService.CreateRequest("c2-llm_call", "llm_call", "alice", null,
                null, "p2", "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> ledger.settle(r, new UsageDelta(1, 0, 0, 0, 10, 5, 0, 0),
                List.of(record("c2-llm_call", "p2", "{\"x\":1}"), record("c2-llm_usage", "p2", "{}"))))
                .isInstanceOf(FailedPreconditionException.class);
        assertThat(reservationStore.get("c2").orElseThrow().settled()).isFalse();
        assertThat(artifactStore.get("c2-llm_usage")).isEmpty();
        assertThat(kernel.processes().get(alice, "p2").usage().tokensOut()).isEqualTo(100); // still reserved
    }

    @Test
    void aCallWhoseProcessWasCollectedIsStillSettledAndRecorded() {
        Reservation r = reserved("p3", "c3");
        assertThat(stores.processes().delete("p3", kernel.processes().get(alice, "p3").version())).isTrue();
        Reservation settled = ledger.settle(r, new UsageDelta(1, 0, 0, 0, 10, 5, 0, 0),
                List.of(record("c3-llm_call", "p3", "{}")));
        assertThat(settled.settled()).isTrue();
        assertThat(settled.reserved()).isEqualTo(r.reserved());
        assertThat(artifactStore.get("c3-llm_call")).isPresent();
        assertThat(stores.processes().get("p3")).isEmpty();
    }
}
