package io.jeeves.governance.directive;

import static io.jeeves.governance.directive.DirectiveStatus.ABORTED;
import static io.jeeves.governance.directive.DirectiveStatus.APPROVED;
import static io.jeeves.governance.directive.DirectiveStatus.BLOCKED;
import static io.jeeves.governance.directive.DirectiveStatus.COMPLETE;
import static io.jeeves.governance.directive.DirectiveStatus.DRAFT;
import static io.jeeves.governance.directive.DirectiveStatus.EXECUTING;
import static io.jeeves.governance.directive.DirectiveStatus.PROPOSED;

import io.jeeves.error.FailedPreconditionException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The directive transition table of issue 4 §1, and transitions as pure functions:
 * draft → proposed → approved → executing → complete; proposed → blocked; approved → blocked;
 * executing → aborted; blocked → proposed (retry). Complete and aborted are terminal.
 */
public final class DirectiveLifecycle {
    private static final Map<DirectiveStatus, Set<DirectiveStatus>> TARGETS = new EnumMap<>(DirectiveStatus.class);

    static {
        TARGETS.put(DRAFT, EnumSet.of(PROPOSED));
        TARGETS.put(PROPOSED, EnumSet.of(APPROVED, BLOCKED));
        TARGETS.put(APPROVED, EnumSet.of(EXECUTING, BLOCKED));
        TARGETS.put(EXECUTING, EnumSet.of(COMPLETE, ABORTED));
        TARGETS.put(BLOCKED, EnumSet.of(PROPOSED));
        TARGETS.put(COMPLETE, EnumSet.noneOf(DirectiveStatus.class));
        TARGETS.put(ABORTED, EnumSet.noneOf(DirectiveStatus.class));
    }

    private DirectiveLifecycle() {
    }

    /** The statuses {@code from} may move to. */
    public static Set<DirectiveStatus> targets(DirectiveStatus from) {
        return Collections.unmodifiableSet(TARGETS.get(from));
    }

    public static boolean allows(DirectiveStatus from, DirectiveStatus to) {
        return TARGETS.get(from).contains(to);
    }

    /**
     * Moves {@code d} to {@code target} at {@code now}, keeping {@code reason} as the status reason.
     *
     * @throws FailedPreconditionException (field {@code status}) naming the current status when the
     *         table does not allow the move
     */
    public static Directive transition(Directive d, DirectiveStatus target, String reason, Instant now) {
        if (!allows(d.status(), target)) {
            throw new FailedPreconditionException("Directive " + d.id() + " cannot move from " + d.status().wireName()
                    + " to " + target.wireName() + "; its current status is " + d.status().wireName(), "status");
        }
        return d.withStatus(target, reason, now);
    }

    /** The audit entry for the move from {@code before} to {@code after} (whose version is not yet bumped). */
    public static DirectiveTransition entry(Directive before, Directive after, String actor) {
        return new DirectiveTransition(after.id(), after.version() + 1, before.status(), after.status(), actor,
                after.updatedAt(), after.reason());
    }
}
