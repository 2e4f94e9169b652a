package io.jeeves.functions.views;

import io.jeeves.kernel.Counter;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptResponse;
import io.jeeves.kernel.ratelimit.RateDecision;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.kernel.service.QuotaService;
import io.jeeves.kernel.service.RateLimitService;
import io.jeeves.kernel.service.SystemStatusService;
import io.jeeves.kernel.store.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reply shapes of the kernel RPCs, with the reference's snake_case field names (the JSON mapper
 * turns {@code requestId} into {@code request_id}). Timestamps are ISO-8601 UTC strings.
 */
public final class Views {
    private Views() {
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    public record Usage(long llmCalls, long toolCalls, long agentHops, long iterations, long tokensIn, long tokensOut,
            long inferenceRequests, long inferenceInputChars, double elapsedSeconds) {
    }

    public record ProcessInfo(String pid, String requestId, String userId, String sessionId, String state, String priority,
            Usage usage, Map<String, Integer> quota, String currentStage, String reason, String createdAt,
            String stateChangedAt, String startedAt, String lastScheduledAt, String completedAt) {
    }

    public static Usage usage(Process p, Instant now) {
        var u = p.usage();
        return new Usage(u.llmCalls(), u.toolCalls(), u.agentHops(), u.iterations(), u.tokensIn(), u.tokensOut(),
                u.inferenceRequests(), u.inferenceInputChars(), p.elapsedSeconds(now));
    }

    public static ProcessInfo process(Process p, Instant now) {
        return new ProcessInfo(p.pid(), p.requestId(), p.userId(), p.sessionId(), p.state().name(), p.priority().name(),
                usage(p, now), p.quota().toMap(), "", p.reason(), iso(p.createdAt()), iso(p.stateChangedAt()),
                iso(p.startedAt()), iso(p.lastScheduledAt()), iso(p.completedAt()));
    }

    public record ProcessList(List<ProcessInfo> processes, String nextToken) {
    }

    public static ProcessList page(Page<Process> page, Instant now) {
        return new ProcessList(page.items().stream().map(p -> process(p, now)).toList(), page.nextToken());
    }

    public record QuotaCheck(boolean withinBounds, String exceededReason, long llmCalls, long toolCalls, long agentHops,
            long iterations, long tokensIn, long tokensOut, long inferenceRequests, long inferenceInputChars,
            double elapsedSeconds, Map<String, Long> remaining) {
    }

    public static QuotaCheck quota(QuotaService.QuotaStatus s) {
        Process p = s.process();
        var u = p.usage();
        Map<String, Long> remaining = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            remaining.put(c.wireName(), Math.max(0, c.limit(p.quota()) - c.used(u)));
        }
        int timeout = p.quota().timeoutSeconds();
        remaining.put("seconds", timeout == 0 ? null : Math.max(0L, (long) Math.floor(timeout - s.elapsedSeconds())));
        return new QuotaCheck(s.withinBounds(), s.exceededReason(), u.llmCalls(), u.toolCalls(), u.agentHops(),
                u.iterations(), u.tokensIn(), u.tokensOut(), u.inferenceRequests(), u.inferenceInputChars(),
                s.elapsedSeconds(), remaining);
    }

    public record RateLimit(boolean allowed, boolean exceeded, String reason, String limitType, long currentCount,
            long limit, long windowSeconds, long retryAfterSeconds, long remaining) {
    }

    public static RateLimit rateLimit(RateDecision d) {
        return new RateLimit(d.allowed(), d.exceeded(), d.reason(), d.window().wireName(), d.currentCount(), d.limit(),
                d.window().windowSeconds(), d.retryAfterSeconds(), d.remaining());
    }

    public record RateLimits(String userId, Map<String, Integer> effective, Map<String, Integer> defaults,
            Map<String, Integer> override) {
    }

    public static RateLimits rateLimits(RateLimitService.Limits l) {
        return new RateLimits(l.userId(), l.effective().toMap(), l.defaults().toMap(), l.override());
    }

    public record Counts(Map<String, Long> countsByState, long total, long queueDepth) {
    }

    public static Counts counts(ProcessService.Counts c) {
        return new Counts(byState(c.byState()), c.total(), c.queueDepth());
    }

    static Map<String, Long> byState(Map<ProcessState, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ProcessState s : ProcessState.values()) {
            out.put(s.name(), m.getOrDefault(s, 0L));
        }
        return out;
    }

    public record ProcessTotals(long total, Map<String, Long> byState) {
    }

    public record Scheduler(long queueDepth) {
    }

    public record Orchestration(long activeSessions) {
    }

    public record Interrupts(long pending) {
    }

    public record SystemStatus(ProcessTotals processes, Scheduler scheduler, Orchestration orchestration,
            Interrupts interrupts) {
    }

    public static SystemStatus status(SystemStatusService.SystemStatus s) {
        return new SystemStatus(new ProcessTotals(s.processes().total(), byState(s.processes().byState())),
                new Scheduler(s.processes().queueDepth()), new Orchestration(s.activeSessions()),
                new Interrupts(s.pendingInterrupts()));
    }

    public record Response(String text, Boolean approved, String decision, Map<String, Object> data, String receivedAt) {
    }

    public record InterruptInfo(String id, String kind, String status, String requestId, String userId, String sessionId,
            String envelopeId, String question, String message, Map<String, Object> data, Response response,
            String createdAt, String expiresAt, String resolvedAt) {
    }

    public static InterruptInfo interrupt(Interrupt i) {
        InterruptResponse r = i.response();
        return new InterruptInfo(i.id(), i.kind().wireName(), i.status().wireName(), i.requestId(), i.userId(),
                i.sessionId(), i.envelopeId(), i.question(), i.message(), i.data(),
                r == null ? null : new Response(r.text(), r.approved(), r.decision(), r.data(), iso(r.receivedAt())),
                iso(i.createdAt()), iso(i.expiresAt()), iso(i.resolvedAt()));
    }

    public record InterruptList(List<InterruptInfo> interrupts) {
    }

    public static InterruptList interrupts(List<Interrupt> list) {
        return new InterruptList(list.stream().map(Views::interrupt).toList());
    }
}
