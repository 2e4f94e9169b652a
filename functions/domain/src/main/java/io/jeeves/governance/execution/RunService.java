package io.jeeves.governance.execution;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.JeevesException;
import io.jeeves.error.UnavailableException;
import io.jeeves.governance.execution.module.ModuleRegistry;
import io.jeeves.governance.execution.store.RunStore;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.service.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Execution runs: creation, the one mutator of their status, and reads. A caller sees only the runs it may
 * act for (its own, or any as admin or the system); another owner's run answers NOT_FOUND, as if absent.
 *
 * <p><b>Exactly one run per request.</b> A run's id is not drawn at random: it is derived from the
 * directive id and a request key the caller chooses (the Step Functions execution name, or the directive's
 * attempt number), see {@link #runId}. Creating twice with the same pair therefore hits the same id; the
 * store's conditional insert refuses the second write and {@link #create} returns the run already stored,
 * with {@code created == false}. A retried Step Functions task or a redelivered request never makes a
 * second run. Reusing a request key for a different owner or module is refused (FAILED_PRECONDITION).
 */
public final class RunService {
    /** The default number of runs a listing returns. */
    public static final int DEFAULT_LIMIT = 20;
    static final int MAX_EXECUTION_ARN = 2048;
    private static final int MAX_WRITE_ATTEMPTS = 50;

    private final RunStore store;
    private final Clock clock;

    public RunService(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param owner the directive's owner; null means the caller's default owner
     * @param module the execution module's name (the directive's type)
     * @param requestKey what makes this run distinct among the directive's runs (see the class comment)
     * @param executionArn the Step Functions execution driving the run, or null
     */
    public record CreateRequest(String directiveId, String owner, String module, String requestKey,
            String executionArn) {
    }

    /** The run stored for a request, and whether this call created it (false: a duplicate). */
    public record Created(ExecutionRun run, boolean created) {
    }

    public Created create(Caller caller, CreateRequest req) {
        String directiveId = Ids.pathId("directive_id", req.directiveId());
        String requestKey = Ids.textId("request_key", req.requestKey());
        String module = ModuleRegistry.checkName("module", req.module());
        Ids.text("execution_arn", req.executionArn(), MAX_EXECUTION_ARN);
        String owner = req.owner() == null ? caller.defaultOwner() : Ids.textId("owner", req.owner());
        if (!caller.canActFor(owner)) {
            throw JeevesException.permissionDenied("owner", "Only jeeves/admin may create runs for another user");
        }
        ExecutionRun run = RunLifecycle.create(runId(directiveId, requestKey), directiveId, owner, module,
                req.executionArn(), clock.instant());
        if (store.insert(run)) {
            return new Created(run.withVersion(1), true);
        }
        ExecutionRun existing = store.get(run.id()).orElseThrow(() -> new UnavailableException(
                "Run " + run.id() + " was taken but cannot be read; retry shortly", 1L, null));
        if (!existing.directiveId().equals(directiveId) || !existing.owner().equals(owner)
                || !existing.module().equals(module)) {
            throw new FailedPreconditionException("request_key " + requestKey + " was already used for run "
                    + existing.id() + " with another owner or module", "request_key");
        }
        return new Created(existing, false);
    }

    /**
     * The id of the run for {@code directiveId} and {@code requestKey}: {@code run_} and the first 32 hex
     * digits of SHA-256(directiveId NUL requestKey). The same pair always gives the same id.
     */
    public static String runId(String directiveId, String requestKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((directiveId + '\u0000' + requestKey).getBytes(StandardCharsets.UTF_8));
            return "run_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public ExecutionRun get(Caller caller, String runId) {
        return find(caller, runId).orElseThrow(() -> JeevesException.notFound("Run " + runId + " not found"));
    }

    /** The run, read consistently; empty when there is none the caller may see. */
    public Optional<ExecutionRun> find(Caller caller, String runId) {
        Ids.pathId("run_id", runId);
        return visible(caller, store.get(runId));
    }

    /**
     * The one mutator of a run's status (see {@link RunLifecycle#transition} for the table and the
     * timestamps). A refused transition writes nothing and answers FAILED_PRECONDITION with the current
     * status.
     *
     * @param result the module's output, only for COMPLETED
     * @param error only, and required, for FAILED
     */
    public ExecutionRun transition(Caller caller, String runId, RunStatus target, Map<String, Object> result,
            RunError error) {
        return write(caller, runId, run -> RunLifecycle.transition(run, target, result, error, clock.instant()));
    }

    /** Counts one more invocation of the run's module; the run must be RUNNING. */
    public ExecutionRun recordAttempt(Caller caller, String runId) {
        return write(caller, runId, run -> RunLifecycle.recordAttempt(run, clock.instant()));
    }

    /** The directive's runs the caller may see, newest first. */
    public List<ExecutionRun> forDirective(Caller caller, String directiveId) {
        Ids.pathId("directive_id", directiveId);
        return store.byDirective(directiveId).stream().filter(r -> caller.canActFor(r.owner())).toList();
    }

    /**
     * An owner's runs, newest first.
     *
     * @param owner null for the caller's default owner
     * @param status null for every status
     * @param limit null for {@link #DEFAULT_LIMIT}; at most {@link RunStore#MAX_LIMIT}
     */
    public List<ExecutionRun> list(Caller caller, String owner, RunStatus status, Integer limit) {
        String who = owner == null ? caller.defaultOwner() : Ids.textId("owner", owner);
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > RunStore.MAX_LIMIT) {
            throw JeevesException.invalidArgument("limit", "limit must be between 1 and " + RunStore.MAX_LIMIT);
        }
        if (!caller.canActFor(who)) {
            throw JeevesException.permissionDenied("owner", "Only jeeves/admin may list another user's runs");
        }
        return store.byOwner(who, status, n);
    }

    /** Read, decide, write conditionally; a lost race re-reads and decides again on the newer run. */
    private ExecutionRun write(Caller caller, String runId, UnaryOperator<ExecutionRun> change) {
        for (int i = 0; i < MAX_WRITE_ATTEMPTS; i++) {
            Optional<ExecutionRun> written = store.update(change.apply(get(caller, runId)));
            if (written.isPresent()) {
                return written.get();
            }
        }
        throw new UnavailableException("Too much contention on run " + runId + "; retry shortly", 1L, null);
    }

    private static Optional<ExecutionRun> visible(Caller caller, Optional<ExecutionRun> run) {
        return run.filter(r -> caller.canActFor(r.owner()));
    }
}
