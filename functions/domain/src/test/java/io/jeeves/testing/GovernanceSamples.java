package io.jeeves.testing;

import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveService;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveStore;
import io.jeeves.governance.execution.RunService;
import io.jeeves.kernel.Caller;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The directives the governance samples in events/ name, with fixed ids (a directive's id is otherwise drawn
 * at random). Every sample's directive belongs to {@link #OWNER}, the sample tokens' subject, except
 * {@link #ANONYMOUS_ROLE_CTO}: a direct invocation is the system, whose own directives belong to
 * {@link Caller#ANONYMOUS}.
 */
public final class GovernanceSamples {
    public static final String OWNER = "alice";
    public static final String ROLE = "cto";

    /** Approved, executed once (echo) and complete, with its run and its five artifacts. */
    public static final String COMPLETE = id(1);
    /** Executing, its run running (the one CancelExecution cancels). */
    public static final String EXECUTING = id(2);
    /** Drafts that ProposeDirective's samples propose (http, direct). */
    public static final String DRAFT_HTTP = id(3);
    public static final String DRAFT_DIRECT = id(4);
    /** Blocked directives that RetryDirective's samples propose again (http, direct). */
    public static final String BLOCKED_HTTP = id(5);
    public static final String BLOCKED_DIRECT = id(6);
    /** Directives waiting for a person, which DecideApproval's samples approve (http) and reject (direct). */
    public static final String WAITING_HTTP = id(7);
    public static final String WAITING_DIRECT = id(8);
    /** The system's (anonymous) directive for role cto: what GetLatestDirective's direct sample reads. */
    public static final String ANONYMOUS_ROLE_CTO = id(9);

    private GovernanceSamples() {
    }

    private static String id(int n) {
        return String.format("dir_5a3p1e%026d", n);
    }

    /** The execution flow's name (the run's request key) for a directive's first proposal: {@code {id}-p1-run}. */
    public static String firstRunKey(String directiveId) {
        return directiveId + "-p1-run";
    }

    /** The run of a directive's first proposal: what the run samples name. */
    public static String firstRun(String directiveId) {
        return RunService.runId(directiveId, firstRunKey(directiveId));
    }

    /** Stores a draft with a fixed id (within the default policy: scope test, budget $5), as CreateDirective would. */
    public static Directive draft(DirectiveStore store, String id, String owner, String type, Map<String, Object> payload) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Directive d = new Directive(id, owner, ROLE, type, payload, DirectiveStatus.DRAFT, "", owner,
                "Sample directive " + id, "test", List.of("read-only access"), List.of("done once"), "$5",
                Duration.ofMinutes(30), now, now, 0L);
        if (!store.insert(d, List.of())) {
            throw new IllegalStateException("directive " + id + " exists already");
        }
        return d.withVersion(1);
    }

    /** Moves a directive as its owner and the flows would, through the real service (audit trail included). */
    public static Directive move(DirectiveService directives, String id, DirectiveStatus to, String reason) {
        return directives.transition(Caller.system(), id, to, reason);
    }

    /** A draft proposed, then blocked by the policy gate: draft → proposed → blocked. */
    public static Directive blocked(DirectiveStore store, DirectiveService directives, String id, String type) {
        draft(store, id, OWNER, type, Map.of());
        move(directives, id, DirectiveStatus.PROPOSED, "proposed by " + OWNER);
        return move(directives, id, DirectiveStatus.BLOCKED, "budget_ceiling: a sample block");
    }
}
