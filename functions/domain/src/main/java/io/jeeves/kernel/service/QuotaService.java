package io.jeeves.kernel.service;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.Counter;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.QuotaPolicy;
import io.jeeves.kernel.ResourceUsage;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.store.ProcessStore;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * CheckQuota and RecordUsage. Budgets are enforced, not only reported: an increment that would take any
 * counter past its quota is refused as a whole by one conditional write, so concurrent callers can never
 * overspend, and nothing is recorded when refused.
 */
public final class QuotaService {
    private final ProcessService processes;
    private final ProcessStore store;
    private final Clock clock;

    public QuotaService(ProcessService processes, ProcessStore store, Clock clock) {
        this.processes = processes;
        this.store = store;
        this.clock = clock;
    }

    /** @param exceededReason empty when within bounds */
    public record QuotaStatus(Process process, boolean withinBounds, String exceededReason, double elapsedSeconds) {
    }

    public QuotaStatus check(Caller caller, String pid) {
        Process p = processes.get(caller, pid);
        double elapsed = p.elapsedSeconds(clock.instant());
        Optional<String> violation = QuotaPolicy.firstViolation(p.quota(), p.usage(), elapsed);
        return new QuotaStatus(p, violation.isEmpty(),
                violation.map(v -> "quota exceeded: Process " + pid + " quota exceeded: " + v).orElse(""), elapsed);
    }

    /** Records {@code delta}; returns the process with its usage after the increment. */
    public Process record(Caller caller, String pid, UsageDelta delta) {
        Process p = processes.get(caller, pid);
        for (int attempt = 0; ; attempt++) {
            Instant now = clock.instant();
            refuseIfTerminal(p);
            Optional<String> refusal = QuotaPolicy.refusal(p.quota(), p.usage(), delta, p.elapsedSeconds(now));
            if (refusal.isPresent()) {
                throw JeevesException.resourceExhausted(
                        "quota exceeded: Process " + pid + " quota exceeded: " + refusal.get(), null);
            }
            if (delta.isZero()) {
                return p;
            }
            Map<Counter, Long> ceilings = new EnumMap<>(Counter.class);
            for (Counter c : Counter.values()) {
                if (c.delta(delta) > 0) {
                    ceilings.put(c, QuotaPolicy.admissibleCeiling(p.quota(), c, delta));
                }
            }
            Instant startedNotBefore = p.quota().timeoutSeconds() > 0 && p.startedAt() != null
                    ? now.minusSeconds(p.quota().timeoutSeconds()) : null;
            Optional<ResourceUsage> after = store.addUsage(pid, delta, ceilings, startedNotBefore);
            if (after.isPresent()) {
                return p.withUsage(after.get());
            }
            // Refused by the store: another caller got there first. Decide again on what is stored now.
            p = processes.get(caller, pid);
            if (attempt > 3) {
                throw JeevesException.resourceExhausted("quota exceeded: Process " + pid
                        + " quota would be exceeded by this increment", null);
            }
        }
    }

    private static void refuseIfTerminal(Process p) {
        if (p.state().isTerminal()) {
            throw new FailedPreconditionException("Process " + p.pid() + " is " + p.state()
                    + "; usage can no longer be recorded", null);
        }
    }
}
