package io.jeeves.governance.directive;

import io.jeeves.error.JeevesException;
import io.jeeves.error.UnavailableException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.service.Ids;
import io.jeeves.kernel.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Directives: create, read, list, history, and {@link #transition}, the one mutator.
 *
 * <p>Tenancy (ADR 005): a caller sees and moves only its own directives; another owner's answers
 * NOT_FOUND exactly like a missing one. Admins and the system act on anyone's.
 *
 * <p>Governance: nothing may execute without passing the policy gate, so a person (admin included) may
 * only ask for {@code proposed} (propose, or retry a blocked directive); every other status is set by
 * the approval and execution flows, which call as {@link Caller#system()}.
 */
public final class DirectiveService {
    public static final int MAX_PAGE = 100;
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_REASON = 1024;
    public static final int MAX_OBJECTIVE = 4096;
    /** The most entries of {@code constraints} and of {@code success_metrics}, and the longest entry. */
    public static final int MAX_LIST_ENTRIES = 50;
    public static final int MAX_LIST_ENTRY = 1024;
    public static final int MAX_BUDGET = 64;
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final Duration MAX_TIMEBOX = Duration.ofDays(7);
    /** How often a transition that lost a race re-reads and decides again before giving up (UNAVAILABLE). */
    static final int MAX_ATTEMPTS = 25;
    /** The statuses a person may ask for; the others belong to the flows. */
    static final Set<DirectiveStatus> USER_TARGETS = EnumSet.of(DirectiveStatus.PROPOSED);
    /** Module names: lower-case letters, digits and underscores, starting with a letter. */
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final DirectiveStore store;
    private final Clock clock;

    public DirectiveService(DirectiveStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A new directive as the API receives it (wire names in the error fields).
     *
     * @param owner whose directive it is; null: the caller's (only an admin may name another user)
     * @param issuedBy null: the caller's subject
     * @param timebox an ISO-8601 duration ({@code PT30M}, {@code P2D}), positive, at most 7 days; or null
     * @param propose create it proposed (the trail then holds draft → proposed) instead of draft
     */
    public record CreateRequest(String owner, String role, String type, Map<String, Object> payload, String issuedBy,
            String objective, String scope, List<String> constraints, List<String> successMetrics, String budget,
            String timebox, boolean propose) {
    }

    /** Validates every field (INVALID_ARGUMENT naming the first at fault) and stores the directive. */
    public Directive create(Caller caller, CreateRequest req) {
        String owner = req.owner() == null ? caller.defaultOwner() : Ids.textId("owner", req.owner());
        if (!caller.canActFor(owner)) {
            throw JeevesException.permissionDenied("owner", "Only jeeves/admin may create directives for another user");
        }
        String role = Ids.pathId("role", req.role());
        String type = type(req.type());
        Map<String, Object> payload = Payloads.copyOf("payload", req.payload(), MAX_PAYLOAD_BYTES);
        String issuedBy = req.issuedBy() == null ? caller.subject() : Ids.textId("issued_by", req.issuedBy());
        String objective = objective(req.objective());
        String scope = req.scope() == null ? null : Ids.textId("scope", req.scope());
        List<String> constraints = entries("constraints", req.constraints());
        List<String> metrics = entries("success_metrics", req.successMetrics());
        String budget = budget(req.budget());
        Duration timebox = timebox(req.timebox());

        Instant now = clock.instant();
        Directive draft = new Directive(newId(), owner, role, type, payload, DirectiveStatus.DRAFT, "", issuedBy,
                objective, scope, constraints, metrics, budget, timebox, now, now, 0L);
        while (true) {
            Directive first = req.propose() ? DirectiveLifecycle.transition(draft, DirectiveStatus.PROPOSED, "", now) : draft;
            List<DirectiveTransition> trail = req.propose()
                    ? List.of(DirectiveLifecycle.entry(draft, first, caller.subject())) : List.of();
            if (store.insert(first, trail)) {
                return first.withVersion(1);
            }
            draft = withId(draft, newId()); // an id collision: draw another
        }
    }

    public Directive get(Caller caller, String id) {
        Ids.pathId("directive_id", id);
        return store.get(id).filter(d -> caller.canActFor(d.owner()))
                .orElseThrow(() -> JeevesException.notFound("Directive " + id + " not found"));
    }

    /** The audit trail, oldest first; the directive must be visible to the caller. */
    public List<DirectiveTransition> history(Caller caller, String id) {
        get(caller, id);
        return store.history(id);
    }

    /**
     * A page of directives, oldest first. A user sees its own; an admin everyone's unless it names an
     * {@code owner}. {@code role}, {@code status} and {@code owner} may be null.
     */
    public Page<Directive> list(Caller caller, String owner, String role, DirectiveStatus status, Integer limit,
            String nextToken) {
        String scopedOwner = listOwner(caller, owner);
        String roleFilter = role == null ? null : Ids.pathId("role", role);
        int pageSize = limit == null ? DEFAULT_PAGE : limit;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw JeevesException.invalidArgument("limit", "limit must be between 1 and " + MAX_PAGE);
        }
        return store.list(scopedOwner, roleFilter, status, pageSize, nextToken);
    }

    /** The most recently created directive for {@code role} of {@code owner} (null: the caller). */
    public Optional<Directive> latest(Caller caller, String owner, String role) {
        String who = owner == null ? caller.defaultOwner() : Ids.textId("owner", owner);
        if (!caller.canActFor(who)) {
            throw JeevesException.permissionDenied("owner", "Only jeeves/admin may read another user's directives");
        }
        return store.latestByRole(who, Ids.pathId("role", role));
    }

    /**
     * The one mutator: moves directive {@code id} to {@code target} if the lifecycle allows it, writing the
     * directive and its audit entry in one conditional write. A lost race re-reads and decides again.
     *
     * <p>Duplicates: asking for the status the directive is already in (a redelivered request, a retried
     * flow task, the loser of a race for the same move) returns the directive as stored, with no audit
     * entry and no change. Any other move the table does not allow is FAILED_PRECONDITION naming the
     * current status.
     *
     * @throws io.jeeves.error.PermissionDeniedException when a person asks for a status the flows own
     */
    public Directive transition(Caller caller, String id, DirectiveStatus target, String reason) {
        Ids.pathId("directive_id", id);
        if (target == null) {
            throw JeevesException.invalidArgument("status", "status is required");
        }
        Ids.text("reason", reason, MAX_REASON);
        if (!caller.trusted() && !USER_TARGETS.contains(target)) {
            throw JeevesException.permissionDenied("status", "Only the approval and execution flows may move a directive to "
                    + target.wireName());
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Directive current = get(caller, id);
            if (current.status() == target) {
                return current;
            }
            Directive next = DirectiveLifecycle.transition(current, target, reason, clock.instant());
            Optional<Directive> written = store.transition(next, DirectiveLifecycle.entry(current, next, caller.subject()));
            if (written.isPresent()) {
                return written.get();
            }
            pauseAfterConflict(attempt);
        }
        throw new UnavailableException("Directive " + id + " is changing too often; retry shortly", 1L, null);
    }

    private static String listOwner(Caller caller, String owner) {
        if (owner == null || owner.isEmpty()) {
            return caller.isAdmin() ? null : caller.subject();
        }
        Ids.textId("owner", owner);
        if (!caller.canActFor(owner)) {
            throw JeevesException.permissionDenied("owner", "Only jeeves/admin may list another user's directives");
        }
        return owner;
    }

    /** A jittered pause that grows with the attempts, none after the first conflict. */
    private static void pauseAfterConflict(int attempt) {
        if (attempt == 0) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(Math.min(2L << Math.min(attempt, 4), 20L) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while retrying a directive transition", 1L, e);
        }
    }

    private static String type(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw JeevesException.invalidArgument("type",
                    "type must be a module name: 1..64 lower-case letters, digits and _, starting with a letter");
        }
        return type;
    }

    private static String objective(String objective) {
        if (objective == null || objective.isBlank()) {
            throw JeevesException.invalidArgument("objective", "objective is required and must not be blank");
        }
        return Ids.text("objective", objective, MAX_OBJECTIVE);
    }

    private static List<String> entries(String field, List<String> entries) {
        if (entries == null) {
            return List.of();
        }
        if (entries.size() > MAX_LIST_ENTRIES) {
            throw JeevesException.invalidArgument(field, field + " must have at most " + MAX_LIST_ENTRIES + " entries");
        }
        List<String> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String at = field + "[" + i + "]";
            if (entry == null || entry.isBlank()) {
                throw JeevesException.invalidArgument(at, at + " must be non-blank text");
            }
            out.add(Ids.text(at, entry, MAX_LIST_ENTRY));
        }
        return out;
    }

    /** Kept as given (the policy gate parses it and blocks what it cannot read); only bounded here. */
    private static String budget(String budget) {
        if (budget != null && (budget.length() > MAX_BUDGET || budget.chars().anyMatch(Character::isISOControl))) {
            throw JeevesException.invalidArgument("budget",
                    "budget must be at most " + MAX_BUDGET + " characters without control characters");
        }
        return budget;
    }

    private static Duration timebox(String timebox) {
        if (timebox == null) {
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(timebox);
        } catch (DateTimeParseException e) {
            throw JeevesException.invalidArgument("timebox", "timebox must be an ISO-8601 duration such as PT30M or P1D");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEBOX) > 0) {
            throw JeevesException.invalidArgument("timebox", "timebox must be positive and at most P7D (7 days)");
        }
        return d;
    }

    private static String newId() {
        return "dir_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static Directive withId(Directive d, String id) {
        return new Directive(id, d.owner(), d.role(), d.type(), d.payload(), d.status(), d.reason(), d.issuedBy(),
                d.objective(), d.scope(), d.constraints(), d.successMetrics(), d.budget(), d.timebox(), d.createdAt(),
                d.updatedAt(), d.version());
    }
}
