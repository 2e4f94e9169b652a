package io.jeeves.kernel.store;

import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Interrupt records, written conditionally on their version. */
public interface InterruptStore {

    /** Stores a new interrupt (version becomes 1); false when the id is taken. */
    boolean insert(Interrupt interrupt);

    Optional<Interrupt> get(String id);

    /** Replaces the interrupt if the stored version is still {@code next.version()}; returns it with version + 1. */
    Optional<Interrupt> update(Interrupt next);

    /** A session's interrupts in creation order, as stored (the caller applies expiry and ownership). */
    List<Interrupt> bySession(String sessionId);

    /** Interrupts stored with {@code status} and created before {@code cutoff}, oldest first. */
    List<Interrupt> withStatusCreatedBefore(InterruptStatus status, Instant cutoff, int limit);

    /** Pending interrupts whose {@code expires_at} is before {@code now}. */
    List<Interrupt> pendingExpiredBy(Instant now, int limit);

    /** Pending interrupts stored, expired or not. */
    long countPending();

    boolean delete(String id, long expectedVersion);
}
