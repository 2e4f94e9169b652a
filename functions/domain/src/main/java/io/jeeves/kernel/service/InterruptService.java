package io.jeeves.kernel.service;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptKind;
import io.jeeves.kernel.interrupt.InterruptResponse;
import io.jeeves.kernel.interrupt.InterruptStatus;
import io.jeeves.kernel.store.InterruptStore;
import io.jeeves.kernel.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Human-in-the-loop interrupts (kernel-reference §7). Expiry is real (fixes quirk §17.14): a pending
 * interrupt past {@code expires_at} reads back as {@code expired} and can no longer be resolved or
 * cancelled. A caller sees only its own interrupts; others' answer NOT_FOUND.
 */
public final class InterruptService {
    /** The longest TTL a caller may ask for (7 days). */
    static final long MAX_TTL_SECONDS = 7 * 24 * 3600;
    /** The longest question, message or answer text kept. */
    public static final int MAX_TEXT = 16 * 1024;

    private final InterruptStore store;
    private final SessionStore sessions;
    private final Clock clock;

    public InterruptService(InterruptStore store, SessionStore sessions, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * @param ttlSeconds overrides the kind's TTL when given
     */
    public record CreateRequest(InterruptKind kind, String requestId, String userId, String sessionId, String envelopeId,
            String question, String message, Map<String, Object> data, Long ttlSeconds) {
    }

    public Interrupt create(Caller caller, CreateRequest req) {
        if (req.kind() == null) {
            throw JeevesException.invalidArgument("kind", "kind is required");
        }
        String sessionId = Ids.pathId("session_id", req.sessionId());
        Ids.text("question", req.question(), MAX_TEXT);
        Ids.text("message", req.message(), MAX_TEXT);
        Ids.text("request_id", req.requestId(), 256);
        Ids.text("envelope_id", req.envelopeId(), 256);
        String owner = req.userId() == null ? caller.defaultOwner() : Ids.textId("user_id", req.userId());
        if (!caller.canActFor(owner)) {
            throw JeevesException.permissionDenied("user_id", "Only jeeves/admin may create interrupts for another user");
        }
        Instant now = clock.instant();
        Duration ttl = req.kind().ttl();
        if (req.ttlSeconds() != null) {
            if (req.ttlSeconds() < 1 || req.ttlSeconds() > MAX_TTL_SECONDS) {
                throw JeevesException.invalidArgument("ttl_seconds", "ttl_seconds must be between 1 and " + MAX_TTL_SECONDS);
            }
            ttl = Duration.ofSeconds(req.ttlSeconds());
        }
        Interrupt i = new Interrupt(Ids.interruptId(), req.kind(), InterruptStatus.PENDING,
                req.requestId() == null ? "" : req.requestId(), owner, sessionId,
                req.envelopeId() == null ? "" : req.envelopeId(), req.question(), req.message(), req.data(), null, now,
                ttl == null ? null : now.plus(ttl), null, 0L);
        while (!store.insert(i)) { // an id collision: draw another
            i = new Interrupt(Ids.interruptId(), i.kind(), i.status(), i.requestId(), i.userId(), i.sessionId(),
                    i.envelopeId(), i.question(), i.message(), i.data(), null, i.createdAt(), i.expiresAt(), null, 0L);
        }
        sessions.touch(owner, sessionId, now);
        return i.withVersionOne();
    }

    public Interrupt get(Caller caller, String id) {
        return visible(caller, id).asSeenAt(clock.instant());
    }

    private Interrupt visible(Caller caller, String id) {
        Ids.pathId("interrupt_id", id);
        return store.get(id).filter(i -> caller.canActFor(i.userId()))
                .orElseThrow(() -> JeevesException.notFound("Interrupt " + id + " not found"));
    }

    /** Resolves a pending interrupt with the human's answer; the kind decides which fields are required. */
    public Interrupt resolve(Caller caller, String id, InterruptResponse response) {
        return Conflicts.retry("interrupt " + id, () -> {
            Interrupt i = visible(caller, id);
            Instant now = clock.instant();
            requirePending(i, now);
            requireAnswer(i.kind(), response);
            Ids.text("response.text", response.text(), MAX_TEXT);
            Ids.text("response.decision", response.decision(), 256);
            InterruptResponse stamped = new InterruptResponse(response.text(), response.approved(), response.decision(),
                    response.data(), now);
            return store.update(i.withStatus(InterruptStatus.RESOLVED, now, stamped, i.data()));
        });
    }

    public Interrupt cancel(Caller caller, String id, String reason) {
        return Conflicts.retry("interrupt " + id, () -> {
            Ids.text("reason", reason, ProcessService.MAX_REASON);
            Interrupt i = visible(caller, id);
            Instant now = clock.instant();
            requirePending(i, now);
            Map<String, Object> data = new LinkedHashMap<>(i.data());
            data.put("cancel_reason", reason == null || reason.isEmpty() ? "cancelled" : reason);
            return store.update(i.withStatus(InterruptStatus.CANCELLED, now, i.response(), data));
        });
    }

    /** The caller's pending, unexpired interrupts of a session in creation order, optionally of some kinds. */
    public List<Interrupt> pendingForSession(Caller caller, String sessionId, Set<InterruptKind> kinds) {
        Ids.pathId("session_id", sessionId);
        Instant now = clock.instant();
        return store.bySession(sessionId).stream()
                .filter(i -> caller.canActFor(i.userId()))
                .filter(i -> i.effectiveStatus(now) == InterruptStatus.PENDING)
                .filter(i -> kinds == null || kinds.isEmpty() || kinds.contains(i.kind()))
                .toList();
    }

    private static void requirePending(Interrupt i, Instant now) {
        InterruptStatus s = i.effectiveStatus(now);
        if (s == InterruptStatus.EXPIRED) {
            throw new FailedPreconditionException("Interrupt " + i.id() + " expired at " + i.expiresAt()
                    + " and can no longer be answered", null);
        }
        if (s != InterruptStatus.PENDING) {
            throw new FailedPreconditionException("Interrupt " + i.id() + " is " + s.wireName() + ", not pending", null);
        }
    }

    private static void requireAnswer(InterruptKind kind, InterruptResponse r) {
        switch (kind) {
            case CLARIFICATION -> {
                if (r.text() == null || r.text().isBlank()) {
                    throw JeevesException.invalidArgument("response.text", "A clarification needs response.text");
                }
            }
            case CONFIRMATION -> {
                if (r.approved() == null) {
                    throw JeevesException.invalidArgument("response.approved", "A confirmation needs response.approved");
                }
            }
            case AGENT_REVIEW -> {
                if (r.decision() == null || r.decision().isBlank()) {
                    throw JeevesException.invalidArgument("response.decision", "An agent review needs response.decision");
                }
            }
            default -> { }
        }
    }
}
