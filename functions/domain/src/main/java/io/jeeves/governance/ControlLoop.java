package io.jeeves.governance;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.JeevesException;
import io.jeeves.governance.approval.ApprovalRequest;
import io.jeeves.governance.approval.ApprovalRequestStore;
import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.ArtifactType;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveService;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveTransition;
import io.jeeves.governance.execution.ExecutionRun;
import io.jeeves.governance.execution.IdempotentModuleRunner;
import io.jeeves.governance.execution.RunError;
import io.jeeves.governance.execution.RunService;
import io.jeeves.governance.execution.RunStatus;
import io.jeeves.governance.execution.module.ModuleInput;
import io.jeeves.governance.execution.module.ModuleResult;
import io.jeeves.governance.policy.Budgets;
import io.jeeves.governance.policy.ParsedBudget;
import io.jeeves.governance.policy.PolicyEvaluation;
import io.jeeves.governance.policy.PolicyEvaluator;
import io.jeeves.governance.policy.PolicyInput;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.service.Ids;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The governance control loop (ADR 011): what the HTTP routes ask of it (create, propose, retry, decide,
 * cancel) and the steps the approval and execution flows run (evaluate the policy, wait for a person, move
 * the directive, start, execute and finish a run). Every step is safe to repeat: names and ids are derived
 * from the directive and the flow's execution, every write is conditional, and every artifact has a
 * deterministic id and content, so a retried step finds what the first attempt wrote.
 */
public final class ControlLoop {
    /** Step Functions, as the control loop uses it. */
    public interface Flows {
        /**
         * Starts the approval flow under {@code name}. Starting it again with the same name and input while it
         * runs is a no-op; once it has finished, it is not started again (no error).
         */
        void startApproval(String name, Map<String, Object> input);

        /** Resumes the flow waiting on {@code taskToken}; false when it no longer waits (timed out, stopped). */
        boolean sendTaskSuccess(String taskToken, Map<String, Object> output);

        /** Stops an execution; nothing happens if it has finished. */
        void stopExecution(String executionArn, String cause);
    }

    /** Renders maps, lists, strings, numbers and booleans as JSON: the domain has no JSON library. */
    @FunctionalInterface
    public interface JsonEncoder {
        byte[] encode(Object value);
    }

    /** The artifacts' content type. */
    public static final String JSON = "application/json";

    private final DirectiveService directives;
    private final PolicyEvaluator policy;
    private final RunService runs;
    private final IdempotentModuleRunner modules;
    private final ArtifactService artifacts;
    private final ApprovalRequestStore approvals;
    private final Flows flows;
    private final JsonEncoder json;
    private final Clock clock;
    private final Duration approvalTimeout;

    public ControlLoop(DirectiveService directives, PolicyEvaluator policy, RunService runs, IdempotentModuleRunner modules,
            ArtifactService artifacts, ApprovalRequestStore approvals, Flows flows, JsonEncoder json, Clock clock,
            Duration approvalTimeout) {
        this.directives = directives;
        this.policy = policy;
        this.runs = runs;
        this.modules = modules;
        this.artifacts = artifacts;
        this.approvals = approvals;
        this.flows = flows;
        this.json = json;
        this.clock = clock;
        this.approvalTimeout = approvalTimeout;
    }

    public DirectiveService directives() {
        return directives;
    }

    public RunService runs() {
        return runs;
    }

    public ArtifactService artifacts() {
        return artifacts;
    }

    // ---- what the routes ask ----------------------------------------------------------------------------

    /**
     * Creates a directive; with {@code propose}, its approval flow starts too. Its type must name a module and
     * its payload suit it (INVALID_ARGUMENT on {@code type} or the payload's field), checked before anything is
     * stored.
     */
    public Directive create(Caller caller, DirectiveService.CreateRequest request) {
        if (request.type() != null) {
            modules.registry().validate(request.type(), request.payload() == null ? Map.of() : request.payload());
        }
        Directive d = directives.create(caller, request);
        if (d.status() == DirectiveStatus.PROPOSED) {
            startApproval(d);
        }
        return d;
    }

    /**
     * Proposes a directive (a draft, or a blocked one again) and starts its approval flow, named after the
     * proposal ({@code {id}-p{n}}, n counting the directive's proposals). A duplicate request finds the
     * directive proposed already and starts the same name again: nothing new happens. A proposal whose flow
     * could not be started (Step Functions unreachable) is started by the client's retry.
     */
    public Directive propose(Caller caller, String id) {
        Directive d = directives.transition(caller, id, DirectiveStatus.PROPOSED, "proposed by " + caller.subject());
        startApproval(d);
        return d;
    }

    /** Proposes a blocked directive again (409 unless it is blocked, or proposed by a duplicate of this request). */
    public Directive retry(Caller caller, String id) {
        Directive d = directives.get(caller, id);
        if (d.status() != DirectiveStatus.BLOCKED && d.status() != DirectiveStatus.PROPOSED) {
            throw JeevesException.failedPrecondition("Directive " + id + " is not blocked; its current status is "
                    + d.status().wireName());
        }
        return propose(caller, id);
    }

    /** The approval flow's name for the directive's current proposal. */
    public String approvalName(Caller caller, String id) {
        return id + "-p" + proposals(directives.history(caller, id));
    }

    private static long proposals(List<DirectiveTransition> history) {
        return Math.max(1, history.stream().filter(t -> t.to() == DirectiveStatus.PROPOSED).count());
    }

    private void startApproval(Directive d) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("directive_id", d.id());
        input.put("approval_timeout_seconds", approvalTimeout.toSeconds());
        flows.startApproval(approvalName(Caller.system(), d.id()), input);
    }

    /**
     * A person's decision on a directive waiting for approval: sent to its flow once (the first decision
     * wins; any other answers 409, as does a directive not waiting). Only {@code jeeves/admin} decides: the
     * owner of a directive does not approve it.
     */
    public Directive decide(Caller caller, String id, boolean approved, String reason) {
        Directive d = directives.get(caller, id);
        if (!caller.isAdmin()) {
            throw JeevesException.permissionDenied("approved", "Only jeeves/admin may approve or reject a directive");
        }
        Ids.text("reason", reason, DirectiveService.MAX_REASON); // the flow records it: refused here, not there
        ApprovalRequest request = approvals.get(id).orElse(null);
        if (d.status() != DirectiveStatus.PROPOSED || request == null || clock.instant().isAfter(request.expiresAt())) {
            throw notWaiting(d);
        }
        if (!approvals.take(id, request.taskToken())) {
            throw notWaiting(d);
        }
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("approved", approved);
        decision.put("reason", reason == null || reason.isBlank() ? (approved ? "approved" : "rejected") + " by "
                + caller.subject() : reason);
        decision.put("actor", caller.subject());
        if (!flows.sendTaskSuccess(request.taskToken(), decision)) {
            throw notWaiting(d);
        }
        return d;
    }

    private static RuntimeException notWaiting(Directive d) {
        return JeevesException.failedPrecondition("Directive " + d.id() + " is not waiting for approval; its current status is "
                + d.status().wireName());
    }

    /**
     * Cancels a run: its execution is stopped, the run canceled and the directive aborted (blocked if it had
     * not started executing). Repeating it answers the canceled run; a finished run answers 409.
     */
    public ExecutionRun cancel(Caller caller, String runId) {
        ExecutionRun run = runs.get(caller, runId);
        if (run.status() == RunStatus.CANCELED) {
            return run;
        }
        if (run.status().isTerminal()) {
            throw JeevesException.failedPrecondition("Run " + runId + " has finished; its current status is "
                    + run.status().wireName());
        }
        if (run.executionArn() != null) {
            flows.stopExecution(run.executionArn(), "canceled by " + caller.subject());
        }
        ExecutionRun canceled = runs.transition(Caller.system(), runId, RunStatus.CANCELED, null, null);
        String reason = "execution canceled by " + caller.subject();
        Directive d = directives.get(Caller.system(), run.directiveId());
        if (d.status() == DirectiveStatus.EXECUTING) {
            directives.transition(actor(caller.subject()), d.id(), DirectiveStatus.ABORTED, reason);
        } else if (d.status() == DirectiveStatus.APPROVED) {
            directives.transition(actor(caller.subject()), d.id(), DirectiveStatus.BLOCKED, reason);
        }
        endArtifact(d, canceled);
        return canceled;
    }

    // ---- the flows' steps ---------------------------------------------------------------------------------

    /** The policy gate: the evaluation, stored as a {@code policy_evaluation} artifact named after the flow. */
    public Map<String, Object> evaluatePolicy(String directiveId, String evaluationId) {
        Directive d = directives.get(Caller.system(), directiveId);
        List<String> tools = new ArrayList<>();
        tools.add(d.type());
        if (d.payload().get("tools") instanceof List<?> listed) {
            listed.forEach(t -> tools.add(String.valueOf(t)));
        }
        PolicyEvaluation evaluation = policy.evaluate(new PolicyInput(d.id(), d.role(), d.type(), d.scope(), d.budget(), tools));
        Artifact a = artifact(d, null, evaluationId + ":" + ArtifactType.POLICY_EVALUATION.name(),
                ArtifactType.POLICY_EVALUATION, evaluation.toMap());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy_version", evaluation.configVersion());
        out.put("blocked", evaluation.anyBlocked());
        out.put("block_reason", String.join("; ", evaluation.blockReasons()));
        out.put("policy_blocks", evaluation.blockReasons());
        out.put("approval_required", evaluation.approvalRequired());
        out.put("artifact_uri", a.uri());
        out.put("artifact_id", a.id());
        return out;
    }

    /** The approval flow waits for a person: its task token is kept until a decision or the time-out. */
    public void awaitApproval(String directiveId, String taskToken, String approvalExecution) {
        directives.get(Caller.system(), directiveId);
        Instant now = clock.instant();
        approvals.put(new ApprovalRequest(directiveId, taskToken, approvalExecution, now, now.plus(approvalTimeout)));
    }

    /**
     * Moves a directive for a flow; {@code actor} is who decided (a person, or "policy"). A step retried after
     * the directive has moved on (its move to {@code to} is in the trail since the current proposal) finds
     * it done and changes nothing.
     */
    public Directive transitionDirective(String directiveId, DirectiveStatus to, String reason, String actor) {
        try {
            return directives.transition(actor(actor), directiveId, to, reason);
        } catch (FailedPreconditionException e) {
            List<DirectiveTransition> history = directives.history(Caller.system(), directiveId);
            for (int i = history.size() - 1; i >= 0 && history.get(i).to() != DirectiveStatus.PROPOSED; i--) {
                if (history.get(i).to() == to) {
                    return directives.get(Caller.system(), directiveId);
                }
            }
            throw e;
        }
    }

    /** A trusted caller acting for the flows under the name of who decided. */
    private static Caller actor(String name) {
        return new Caller(name == null || name.isBlank() ? "system" : name, Set.of(), true);
    }

    /**
     * Starts the run of the execution flow {@code requestKey} (its execution name): created once, running,
     * the directive executing, {@code execution_start} stored. Returns {run_id, module}.
     */
    public Map<String, Object> startRun(String directiveId, String requestKey, String executionArn) {
        Directive d = directives.get(Caller.system(), directiveId);
        ExecutionRun run = runs.create(Caller.system(), new RunService.CreateRequest(d.id(), d.owner(), d.type(), requestKey,
                executionArn)).run();
        if (run.status() == RunStatus.PENDING) {
            run = runs.transition(Caller.system(), run.id(), RunStatus.RUNNING, null, null);
        }
        if (run.status() == RunStatus.RUNNING && d.status() == DirectiveStatus.APPROVED) {
            d = directives.transition(actor("execution"), d.id(), DirectiveStatus.EXECUTING, "run " + run.id() + " started");
        }
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("run_id", run.id());
        start.put("directive_id", d.id());
        start.put("module", run.module());
        start.put("execution_arn", run.executionArn());
        start.put("started_at", run.startedAt() == null ? null : run.startedAt().toString());
        artifact(d, run.id(), run.id() + ":" + ArtifactType.EXECUTION_START.name(), ArtifactType.EXECUTION_START, start);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run.id());
        out.put("module", run.module());
        return out;
    }

    /**
     * Runs the directive's module once for the run (a redelivery returns the stored result), with
     * {@code execution_checkpoint} before and {@code module_output} after. Returns {status, error,
     * artifact_uri}; a transient failure throws (the flow retries).
     */
    public Map<String, Object> executeModule(String directiveId, String requestKey) {
        Directive d = directives.get(Caller.system(), directiveId);
        ExecutionRun run = runs.get(Caller.system(), RunService.runId(directiveId, requestKey));
        if (run.status() == RunStatus.CANCELED || run.status() == RunStatus.PENDING) {
            Map<String, Object> out = new LinkedHashMap<>(); // canceled before its module ran: it never runs
            out.put("status", run.status().name());
            out.put("error", "run " + run.id() + " is " + run.status().wireName());
            out.put("error_type", "RunNotRunning");
            out.put("artifact_uri", null);
            return out;
        }
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("run_id", run.id());
        checkpoint.put("module", run.module());
        checkpoint.put("idempotency_key", directiveId + ":" + run.id());
        artifact(d, run.id(), run.id() + ":" + ArtifactType.EXECUTION_CHECKPOINT.name(), ArtifactType.EXECUTION_CHECKPOINT,
                checkpoint);
        ModuleResult result = moduleResult(d, run);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", result.status().name());
        output.put("output", result.output());
        output.put("error_type", result.errorType());
        output.put("error", result.error());
        Artifact a = artifact(d, run.id(), run.id() + ":" + ArtifactType.MODULE_OUTPUT.name(), ArtifactType.MODULE_OUTPUT,
                output);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", result.status().name());
        out.put("module", run.module());
        out.put("error", result.error() == null ? null
                : (result.errorType() == null ? "" : result.errorType() + ": ") + result.error());
        out.put("error_type", result.errorType());
        out.put("artifact_uri", a.uri());
        return out;
    }

    /**
     * Ends the run: {@code completed} (run completed with the module's output, directive complete) or
     * {@code failed} (run failed with the error, directive aborted); {@code execution_end} stored. A run
     * canceled meanwhile stays canceled.
     */
    public Map<String, Object> finishRun(String directiveId, String requestKey, boolean completed, String errorType,
            String errorMessage) {
        String runId = RunService.runId(directiveId, requestKey);
        Directive d = directives.get(Caller.system(), directiveId);
        // none: the run was never created (StartRun failed); a consistent read, not the eventually consistent index
        ExecutionRun run = runs.find(Caller.system(), runId).orElse(null);
        if (run != null && !run.status().isTerminal()) {
            if (completed) {
                run = runs.transition(Caller.system(), runId, RunStatus.COMPLETED, moduleResult(d, run).output(), null);
            } else {
                run = runs.transition(Caller.system(), runId, RunStatus.FAILED, null,
                        new RunError(errorType == null || errorType.isBlank() ? "Error" : errorType, errorMessage));
            }
        }
        if (run == null || run.status() == RunStatus.FAILED) {
            if (d.status() == DirectiveStatus.EXECUTING) {
                d = directives.transition(actor("execution"), d.id(), DirectiveStatus.ABORTED, "run failed: "
                        + (errorMessage == null ? errorType : errorMessage));
            } else if (d.status() == DirectiveStatus.APPROVED) {
                d = directives.transition(actor("execution"), d.id(), DirectiveStatus.BLOCKED, "the run could not start: "
                        + (errorMessage == null ? errorType : errorMessage));
            }
        } else if (run.status() == RunStatus.COMPLETED && d.status() == DirectiveStatus.EXECUTING) {
            d = directives.transition(actor("execution"), d.id(), DirectiveStatus.COMPLETE, "run " + runId + " completed");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", runId);
        out.put("status", run == null ? null : run.status().wireName());
        out.put("directive_status", d.status().wireName());
        out.put("started_at", run == null || run.startedAt() == null ? null : run.startedAt().toString());
        out.put("ended_at", run == null || run.endedAt() == null ? null : run.endedAt().toString());
        out.put("artifact_uri", run == null ? null : endArtifact(d, run).uri());
        return out;
    }

    /**
     * The module's result for the run: the first call runs it, every later one (a redelivery, the run's
     * completion) gets the stored result back.
     */
    private ModuleResult moduleResult(Directive d, ExecutionRun run) {
        ParsedBudget budget = d.budget() == null ? null : Budgets.parse(d.budget());
        BigDecimal usd = budget instanceof ParsedBudget.Usd u ? u.amount() : null;
        return modules.run(new ModuleInput(d.id(), run.id(), d.type(), d.payload(), usd));
    }

    private Artifact endArtifact(Directive d, ExecutionRun run) {
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("run_id", run.id());
        end.put("status", run.status().wireName());
        end.put("started_at", run.startedAt() == null ? null : run.startedAt().toString());
        end.put("ended_at", run.endedAt() == null ? null : run.endedAt().toString());
        end.put("error_type", run.error() == null ? null : run.error().type());
        end.put("error", run.error() == null ? null : run.error().message());
        return artifact(d, run.id(), run.id() + ":" + ArtifactType.EXECUTION_END.name(), ArtifactType.EXECUTION_END, end);
    }

    private Artifact artifact(Directive d, String runId, String id, ArtifactType type, Object content) {
        return artifacts.create(Caller.system(), new ArtifactService.CreateRequest(id, type.name(), d.owner(), d.id(), runId,
                null, JSON, json.encode(content)));
    }
}
