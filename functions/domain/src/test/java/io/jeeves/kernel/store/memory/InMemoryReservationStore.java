package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.Counter;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.store.ReservationStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A test double honouring the {@link ReservationStore} contract, over an in-memory process store. */
public final class InMemoryReservationStore implements ReservationStore {
    private final InMemoryProcessStore processes;
    private final Map<String, Reservation> byCall = new HashMap<>();

    public InMemoryReservationStore(InMemoryProcessStore processes) {
        this.processes = processes;
    }

    @Override
    public Reserved reserve(Reservation reservation, Map<Counter, Long> ceilings, Instant startedNotBefore) {
        synchronized (processes) {
            Reservation existing = byCall.get(reservation.callId());
            if (existing != null) {
                return new Reserved(Outcome.EXISTS, existing);
            }
            if (processes.addUsage(reservation.pid(), reservation.reserved(), ceilings, startedNotBefore).isEmpty()) {
                return new Reserved(Outcome.REFUSED, null);
            }
            byCall.put(reservation.callId(), reservation);
            return new Reserved(Outcome.RESERVED, reservation);
        }
    }

    @Override
    public Reservation settle(Reservation reservation, UsageDelta actual, Instant at) {
        synchronized (processes) {
            Reservation r = byCall.get(reservation.callId());
            if (r.settled()) {
                return r;
            }
            long[] reserved = r.reserved().values();
            long[] used = actual.values();
            long[] correction = new long[used.length];
            for (int i = 0; i < used.length; i++) {
                correction[i] = used[i] - reserved[i];
            }
            processes.adjustUsage(r.pid(), correction);
            Reservation settled = new Reservation(r.callId(), r.pid(), r.reserved(), r.createdAt(), actual, at);
            byCall.put(r.callId(), settled);
            return settled;
        }
    }

    @Override
    public Optional<Reservation> get(String callId) {
        synchronized (processes) {
            return Optional.ofNullable(byCall.get(callId));
        }
    }
}
