package io.jeeves.kernel.service;

import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.Counter;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.QuotaPolicy;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.store.ReservationStore;
import io.jeeves.kernel.store.ReservationStore.Reservation;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Budgets enforced before the spend: a call reserves what it may use (the quota refuses it as a whole, as
 * RecordUsage does, if that would exceed any counter), then settles to what it used. Both are idempotent by
 * call id, so a retried or redelivered call is charged once.
 */
public final class UsageReservations {
    private static final int ATTEMPTS = 5;
    private final ProcessService processes;
    private final ReservationStore store;
    private final Clock clock;

    public UsageReservations(ProcessService processes, ReservationStore store, Clock clock) {
        this.processes = processes;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Reserves {@code delta} for call {@code callId} of process {@code pid}. A call id already reserved for this
     * process returns its reservation as it is (settled or not).
     *
     * @throws io.jeeves.error.ResourceExhaustedException when the quota refuses it (nothing reserved)
     * @throws io.jeeves.error.FailedPreconditionException when the process is terminated, or the call id belongs
     *     to another process
     */
    public Reservation reserve(Caller caller, String pid, String callId, UsageDelta delta) {
        return reserve(caller, processes.get(caller, pid), callId, delta);
    }

    /**
     * Reserves for {@code process} as the caller has just read it (through {@link ProcessService#get}, which
     * checked that it is theirs): the decision starts from it without reading it again, and the store's
     * conditions guard against anything that changed since.
     */
    public Reservation reserve(Caller caller, Process process, String callId, UsageDelta delta) {
        Process p = process;
        String pid = p.pid();
        for (int attempt = 1; ; attempt++) {
            if (p.state().isTerminal()) {
                Optional<Reservation> existing = store.get(callId); // a retry of a call made before the end
                if (existing.isPresent()) {
                    return sameProcess(existing.get(), pid);
                }
                throw JeevesException.failedPrecondition("Process " + pid + " is " + p.state()
                        + "; it can no longer make calls");
            }
            Instant now = clock.instant();
            Optional<String> refusal = QuotaPolicy.refusal(p.quota(), p.usage(), delta, p.elapsedSeconds(now));
            if (refusal.isPresent()) {
                Optional<Reservation> existing = store.get(callId); // a retry of a call that used the last of it
                if (existing.isPresent()) {
                    return sameProcess(existing.get(), pid);
                }
                throw JeevesException.resourceExhausted("quota exceeded: Process " + pid + " quota exceeded: "
                        + refusal.get(), null);
            }
            Map<Counter, Long> ceilings = ceilings(p, delta);
            ReservationStore.Reserved r = store.reserve(new Reservation(callId, pid, delta, now, null, null), ceilings,
                    startedNotBefore(p, now));
            switch (r.outcome()) {
                case RESERVED:
                    return r.reservation();
                case EXISTS:
                    return sameProcess(r.reservation(), pid);
                default:
                    // another caller got there first (or the process changed): decide again on what is stored now
                    if (attempt >= ATTEMPTS) {
                        throw JeevesException.resourceExhausted("quota exceeded: Process " + pid
                                + " quota would be exceeded by this call", null);
                    }
                    p = processes.get(caller, pid);
            }
        }
    }

    /**
     * One try at reserving for a process as remembered from an earlier read (its owner and quota never change;
     * its state and usage may have): no read and no pre-check, the store's conditions decide on what is stored.
     * Empty when refused: the caller reads the process and decides again ({@link #reserve}).
     */
    public Optional<Reservation> tryReserve(Process remembered, String callId, UsageDelta delta) {
        Instant now = clock.instant();
        ReservationStore.Reserved r = store.reserve(new Reservation(callId, remembered.pid(), delta, now, null, null),
                ceilings(remembered, delta), startedNotBefore(remembered, now));
        switch (r.outcome()) {
            case RESERVED:
                return Optional.of(r.reservation());
            case EXISTS:
                return Optional.of(sameProcess(r.reservation(), remembered.pid()));
            default:
                return Optional.empty();
        }
    }

    private static Map<Counter, Long> ceilings(Process p, UsageDelta delta) {
        Map<Counter, Long> ceilings = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            if (c.delta(delta) > 0) {
                ceilings.put(c, QuotaPolicy.admissibleCeiling(p.quota(), c, delta));
            }
        }
        return ceilings;
    }

    /**
     * The time limit as a condition on the stored start (the store lets a process that has not started pass):
     * exact whether or not {@code p} knew its start.
     */
    private static Instant startedNotBefore(Process p, Instant now) {
        return p.quota().timeoutSeconds() > 0 ? now.minusSeconds(p.quota().timeoutSeconds()) : null;
    }

    /**
     * Settles call {@code callId} to {@code actual}: the process's usage is corrected by the difference, once.
     *
     * @throws io.jeeves.error.NotFoundException when the call was never reserved
     */
    public Reservation settle(String callId, UsageDelta actual) {
        Reservation r = store.get(callId).orElseThrow(() -> JeevesException.notFound("No reservation for call " + callId));
        return settle(r, actual);
    }

    /** Settles {@code reservation} (as {@link #reserve} returned it: no need to read it again) to {@code actual}. */
    public Reservation settle(Reservation reservation, UsageDelta actual) {
        return store.settle(reservation, actual, clock.instant());
    }

    private static Reservation sameProcess(Reservation r, String pid) {
        if (!r.pid().equals(pid)) {
            throw JeevesException.failedPrecondition("call id " + r.callId() + " belongs to another process");
        }
        return r;
    }
}
