package io.jeeves.governance.directive;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a directive's audit trail: who moved it, when, from which status to which, and why.
 *
 * @param version the directive version this transition produced (1, 2, ...): unique per directive and
 *        the order of the trail (a DynamoDB sort key)
 * @param reason never null; empty when none was given
 */
public record DirectiveTransition(
        String directiveId,
        long version,
        DirectiveStatus from,
        DirectiveStatus to,
        String actor,
        Instant at,
        String reason) {

    public DirectiveTransition {
        Objects.requireNonNull(directiveId, "directiveId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
    }
}
