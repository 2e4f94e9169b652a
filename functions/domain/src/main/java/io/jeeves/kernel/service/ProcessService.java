package io.jeeves.kernel.service;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.Priority;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.ProcessLifecycle;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.ResourceQuota;
import io.jeeves.kernel.store.Page;
import io.jeeves.kernel.store.ProcessStore;
import io.jeeves.kernel.store.SessionStore;
import io.jeeves.kernel.store.SettingsStore;
import java.util.ArrayList;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Process lifecycle RPCs: create, read, schedule, the scheduler, transitions, terminate, listing, counts. */
public final class ProcessService {
    static final int READY_CANDIDATES = 10;
    public static final int MAX_PAGE = 100;
    public static final int DEFAULT_PAGE = 50;
    /** The longest reason kept with a transition. */
    public static final int MAX_REASON = 1024;

    private final ProcessStore processes;
    private final SessionStore sessions;
    private final SettingsStore settings;
    private final RateLimitService rateLimits;
    private final QuotaDefaults quotaDefaults;
    private final Clock clock;

    public ProcessService(ProcessStore processes, SessionStore sessions, SettingsStore settings,
            RateLimitService rateLimits, QuotaDefaults quotaDefaults, Clock clock) {
        this.processes = processes;
        this.sessions = sessions;
        this.settings = settings;
        this.rateLimits = rateLimits;
        this.quotaDefaults = quotaDefaults;
        this.clock = clock;
    }

    /**
     * @param quota fields to set over the current quota defaults (null: the defaults)
     * @param schedule whether to move the new process to READY at once (the reference always does)
     */
    public record CreateRequest(String pid, String requestId, String userId, String sessionId, Priority priority,
            Map<String, Integer> quota, boolean schedule) {
    }

    /** @param created false when the pid already named this owner's process (an idempotent replay) */
    public record Created(Process process, boolean created) {
    }

    public record Counts(Map<ProcessState, Long> byState, long total, long queueDepth) {
    }

    public Created create(Caller caller, CreateRequest req) {
        String pid = Ids.pathId("pid", req.pid());
        String owner = req.userId() == null ? caller.defaultOwner() : Ids.textId("user_id", req.userId());
        if (!caller.canActFor(owner)) {
            throw JeevesException.permissionDenied("user_id", "Only jeeves/admin may create processes for another user");
        }
        String sessionId = req.sessionId() == null ? Ids.uuid() : Ids.pathId("session_id", req.sessionId());
        String requestId = req.requestId() == null ? Ids.uuid() : Ids.textId("request_id", req.requestId());
        Priority priority = req.priority() == null ? Priority.NORMAL : req.priority();
        if (req.quota() != null) {
            ResourceQuota.DEFAULTS.withOverrides(req.quota()); // refuse a bad quota before anything else
        }
        Optional<Created> replay = replayOf(pid, owner);
        if (replay.isPresent()) {
            return replay.get();
        }
        // one read for the quota defaults and the owner's rate limits
        List<String> keys = new ArrayList<>(RateLimitService.settingKeys(owner));
        keys.add(QuotaDefaults.KEY);
        Map<String, SettingsStore.Setting> found = settings.getAll(keys);
        ResourceQuota base = quotaDefaults.from(found);
        ResourceQuota quota = req.quota() == null ? base : base.withOverrides(req.quota());
        rateLimits.admit(owner, rateLimits.limits(owner, found).effective());
        Instant now = clock.instant();
        Process p = ProcessLifecycle.create(pid, requestId, owner, sessionId, priority, quota, now);
        if (req.schedule()) {
            p = ProcessLifecycle.schedule(p, now);
        }
        if (!processes.insert(p)) {
            return replayOf(pid, owner).orElseThrow(() -> taken(pid));
        }
        sessions.touch(owner, sessionId, now);
        return new Created(p.withVersion(1), true);
    }

    /** The pid is the idempotency key: the same owner gets its existing process back; anyone else is refused. */
    private Optional<Created> replayOf(String pid, String owner) {
        return processes.get(pid).map(existing -> {
            if (!existing.userId().equals(owner)) {
                throw taken(pid);
            }
            return new Created(existing, false);
        });
    }

    private static FailedPreconditionException taken(String pid) {
        return new FailedPreconditionException("pid " + pid + " is already in use", "pid");
    }

    /** The process, if the caller may see it: its owner, a worker or an admin. Otherwise NOT_FOUND. */
    public Process get(Caller caller, String pid) {
        Ids.pathId("pid", pid);
        return processes.get(pid)
                .filter(p -> caller.isWorker() || caller.canActFor(p.userId()))
                .orElseThrow(() -> JeevesException.notFound("Process " + pid + " not found"));
    }

    public Process schedule(Caller caller, String pid) {
        return Conflicts.retry("process " + pid, () -> {
            Process p = get(caller, pid);
            return processes.update(ProcessLifecycle.schedule(p, clock.instant()));
        });
    }

    /**
     * The scheduler: claims the highest-priority, oldest READY process by moving it to RUNNING (fixes
     * quirk §17.5: a claimed process is never handed to two workers).
     */
    public Process nextRunnable(Caller caller) {
        if (!caller.isWorker()) {
            throw JeevesException.permissionDenied(null, "The scheduler requires scope jeeves/worker or jeeves/admin");
        }
        for (int round = 0; round < 3; round++) {
            List<Process> candidates = processes.readyQueue(READY_CANDIDATES);
            if (candidates.isEmpty()) {
                break;
            }
            for (Process p : candidates) {
                if (p.state() != ProcessState.READY) {
                    continue;
                }
                Optional<Process> claimed = processes.update(
                        ProcessLifecycle.transition(p, ProcessState.RUNNING, "", clock.instant()));
                if (claimed.isPresent()) {
                    return claimed.get();
                }
            }
        }
        throw JeevesException.notFound("No runnable processes");
    }

    public Process transition(Caller caller, String pid, ProcessState target, String reason) {
        Ids.text("reason", reason, MAX_REASON);
        return Conflicts.retry("process " + pid, () -> {
            Process p = get(caller, pid);
            return processes.update(ProcessLifecycle.transition(p, target, reason, clock.instant()));
        });
    }

    /** Idempotent: terminating a terminated process returns it unchanged. */
    public Process terminate(Caller caller, String pid, String reason) {
        Ids.text("reason", reason, MAX_REASON);
        return Conflicts.retry("process " + pid, () -> {
            Process p = get(caller, pid);
            Process next = ProcessLifecycle.terminate(p, reason, clock.instant());
            return next == p ? Optional.of(p) : processes.update(next);
        });
    }

    public Page<Process> list(Caller caller, ProcessState state, String userId, Integer limit, String nextToken) {
        String user = scopeUser(caller, userId);
        int pageSize = limit == null ? DEFAULT_PAGE : limit;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw JeevesException.invalidArgument("limit", "limit must be between 1 and " + MAX_PAGE);
        }
        return processes.list(state, user, pageSize, nextToken);
    }

    public Counts counts(Caller caller, String userId) {
        String user = scopeUser(caller, userId);
        Map<ProcessState, Long> stored = processes.countByState(user);
        Map<ProcessState, Long> all = new EnumMap<>(ProcessState.class);
        long total = 0;
        for (ProcessState s : ProcessState.values()) {
            long n = stored.getOrDefault(s, 0L);
            all.put(s, n);
            total += n;
        }
        return new Counts(all, total, all.get(ProcessState.READY));
    }

    /** Listing and counting: a user sees its own processes; an admin everyone's, or one user's. */
    private static String scopeUser(Caller caller, String userId) {
        if (userId != null && !userId.isEmpty()) {
            Ids.textId("user_id", userId);
            if (!caller.canActFor(userId)) {
                throw JeevesException.permissionDenied("user_id", "Only jeeves/admin may list another user's processes");
            }
            return userId;
        }
        return caller.isAdmin() ? null : caller.subject();
    }
}
