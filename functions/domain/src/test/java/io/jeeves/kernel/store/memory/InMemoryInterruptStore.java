package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptStatus;
import io.jeeves.kernel.store.InterruptStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test double honouring the {@link InterruptStore} contract. */
public final class InMemoryInterruptStore implements InterruptStore {
    private final Map<String, Interrupt> byId = new LinkedHashMap<>();

    @Override
    public synchronized boolean insert(Interrupt interrupt) {
        if (byId.containsKey(interrupt.id())) {
            return false;
        }
        byId.put(interrupt.id(), interrupt.withVersionOne());
        return true;
    }

    @Override
    public synchronized Optional<Interrupt> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Interrupt> update(Interrupt next) {
        Interrupt current = byId.get(next.id());
        if (current == null || current.version() != next.version()) {
            return Optional.empty();
        }
        Interrupt stored = new Interrupt(next.id(), next.kind(), next.status(), next.requestId(), next.userId(),
                next.sessionId(), next.envelopeId(), next.question(), next.message(), next.data(), next.response(),
                next.createdAt(), next.expiresAt(), next.resolvedAt(), next.version() + 1);
        byId.put(next.id(), stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized List<Interrupt> bySession(String sessionId) {
        return byId.values().stream().filter(i -> i.sessionId().equals(sessionId))
                .sorted(Comparator.comparing(Interrupt::createdAt)).toList();
    }

    @Override
    public synchronized List<Interrupt> withStatusCreatedBefore(InterruptStatus status, Instant cutoff, int limit) {
        return byId.values().stream().filter(i -> i.status() == status && i.createdAt().isBefore(cutoff))
                .sorted(Comparator.comparing(Interrupt::createdAt)).limit(limit).toList();
    }

    @Override
    public synchronized List<Interrupt> pendingExpiredBy(Instant now, int limit) {
        return byId.values().stream()
                .filter(i -> i.status() == InterruptStatus.PENDING && i.expiresAt() != null && i.expiresAt().isBefore(now))
                .sorted(Comparator.comparing(Interrupt::expiresAt)).limit(limit).toList();
    }

    @Override
    public synchronized long countPending() {
        return byId.values().stream().filter(i -> i.status() == InterruptStatus.PENDING).count();
    }

    @Override
    public synchronized boolean delete(String id, long expectedVersion) {
        Interrupt i = byId.get(id);
        if (i == null || i.version() != expectedVersion) {
            return false;
        }
        byId.remove(id);
        return true;
    }
}
