package io.jeeves.kernel.interrupt;

import java.time.Instant;
import java.util.Map;

/**
 * A human-in-the-loop interrupt (kernel-reference §7.2, KernelInterrupt).
 *
 * @param expiresAt null for kinds without a TTL
 * @param data free-form JSON object; never null
 * @param version the store's optimistic-concurrency version
 */
public record Interrupt(
        String id,
        InterruptKind kind,
        InterruptStatus status,
        String requestId,
        String userId,
        String sessionId,
        String envelopeId,
        String question,
        String message,
        Map<String, Object> data,
        InterruptResponse response,
        Instant createdAt,
        Instant expiresAt,
        Instant resolvedAt,
        long version) {

    public Interrupt {
        data = data == null ? Map.of() : data;
    }

    /** Expiry is real: a pending interrupt past its {@code expires_at} is expired, whatever was stored. */
    public InterruptStatus effectiveStatus(Instant now) {
        if (status == InterruptStatus.PENDING && isPastExpiry(now)) {
            return InterruptStatus.EXPIRED;
        }
        return status;
    }

    public boolean isPastExpiry(Instant now) {
        return expiresAt != null && now.isAfter(expiresAt);
    }

    /** This interrupt as a reader at {@code now} sees it. */
    public Interrupt asSeenAt(Instant now) {
        InterruptStatus s = effectiveStatus(now);
        return s == status ? this : withStatus(s, resolvedAt, response, data);
    }

    public Interrupt withVersionOne() {
        return new Interrupt(id, kind, status, requestId, userId, sessionId, envelopeId, question, message, data, response,
                createdAt, expiresAt, resolvedAt, 1L);
    }

    public Interrupt withStatus(InterruptStatus newStatus, Instant newResolvedAt, InterruptResponse newResponse,
            Map<String, Object> newData) {
        return new Interrupt(id, kind, newStatus, requestId, userId, sessionId, envelopeId, question, message, newData,
                newResponse, createdAt, expiresAt, newResolvedAt, version);
    }
}
