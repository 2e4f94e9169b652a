package io.jeeves.governance.directive;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A directive: work a role is asked to do, which must pass the policy gate before it executes.
 * Immutable: {@link DirectiveLifecycle} returns a new value with {@link #version} unchanged; the store
 * bumps the version when it writes (optimistic concurrency).
 *
 * @param owner the tenant (user id) that created it; nobody else sees it except admins and the system
 * @param role the target role that is to carry it out (e.g. {@code cto})
 * @param type the execution module that runs it (e.g. {@code noop}, {@code echo})
 * @param payload the module's input, a JSON object (values: String, Number, Boolean, null, List, Map)
 * @param reason why the directive entered its current status (e.g. the policy blocks); empty when none
 * @param issuedBy who issued it (an agent or a person); the creator's subject unless given
 * @param scope the named scope it works in, checked against the policy's scope allowlist; null when none
 * @param constraints free-text rules the work must respect, in order (a list, not a map: they are prose)
 * @param successMetrics free-text measures of success, in order
 * @param budget the budget exactly as given ({@code "$50"}, {@code "100 USD"}); parsed by the policy gate,
 *        which blocks a missing or unreadable one; null when none was given
 * @param timebox how long execution may take (ISO-8601 duration on the wire, e.g. {@code PT30M}); null when none
 */
public record Directive(
        String id,
        String owner,
        String role,
        String type,
        Map<String, Object> payload,
        DirectiveStatus status,
        String reason,
        String issuedBy,
        String objective,
        String scope,
        List<String> constraints,
        List<String> successMetrics,
        String budget,
        Duration timebox,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Directive {
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
        reason = reason == null ? "" : reason;
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        successMetrics = successMetrics == null ? List.of() : List.copyOf(successMetrics);
    }

    public Directive withVersion(long newVersion) {
        return new Directive(id, owner, role, type, payload, status, reason, issuedBy, objective, scope, constraints,
                successMetrics, budget, timebox, createdAt, updatedAt, newVersion);
    }

    Directive withStatus(DirectiveStatus newStatus, String newReason, Instant now) {
        return new Directive(id, owner, role, type, payload, newStatus, newReason, issuedBy, objective, scope,
                constraints, successMetrics, budget, timebox, createdAt, now, version);
    }
}
