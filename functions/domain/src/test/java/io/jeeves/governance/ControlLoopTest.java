package io.jeeves.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.JeevesException;
import io.jeeves.governance.approval.InMemoryApprovalRequestStore;
import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactConfig;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.memory.InMemoryArtifactStore;
import io.jeeves.governance.artifact.memory.InMemoryBlobStore;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveService;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveTransition;
import io.jeeves.governance.directive.memory.InMemoryDirectiveStore;
import io.jeeves.governance.execution.BudgetCheck;
import io.jeeves.governance.execution.ExecutionRun;
import io.jeeves.governance.execution.IdempotentModuleRunner;
import io.jeeves.governance.execution.RunService;
import io.jeeves.governance.execution.RunStatus;
import io.jeeves.governance.execution.module.ExecutionModule;
import io.jeeves.governance.execution.module.ModuleRegistry;
import io.jeeves.governance.execution.module.ModuleResult;
import io.jeeves.governance.execution.store.memory.InMemoryIdempotencyStore;
import io.jeeves.governance.execution.store.memory.InMemoryRunStore;
import io.jeeves.governance.policy.PolicyConfig;
import io.jeeves.governance.policy.PolicyEvaluator;
import io.jeeves.kernel.Caller;
import io.jeeves.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The control loop's routes and flow steps over in-memory stores, the flows played by the test in the order
 * the state machines run them (the state machines themselves run on the local stack's engine elsewhere).
 */
class ControlLoopTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final Caller alice = Caller.user("alice", Set.of());
    private final Caller admin = Caller.user("root", Set.of(Caller.SCOPE_ADMIN));
    private final AtomicInteger counted = new AtomicInteger();
    private final RecordingFlows flows = new RecordingFlows();
    private final InMemoryArtifactStore artifactStore = new InMemoryArtifactStore();

    /** Step Functions as the test sees it: what was started, sent and stopped. */
    static final class RecordingFlows implements ControlLoop.Flows {
        final List<String> started = new ArrayList<>();
        final List<Map<String, Object>> sent = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        boolean waiting = true;

        @Override
        public void startApproval(String name, Map<String, Object> input) {
            started.add(name + " " + input);
        }

        @Override
        public boolean sendTaskSuccess(String taskToken, Map<String, Object> output) {
            sent.add(output);
            return waiting;
        }

        @Override
        public void stopExecution(String executionArn, String cause) {
            stopped.add(executionArn);
        }
    }

    private ControlLoop loop(PolicyConfig config) {
        ModuleRegistry registry = ModuleRegistry.withBuiltins();
        registry.register(ExecutionModule.of("counted", input -> {
            counted.incrementAndGet();
            return ModuleResult.success(Map.of("n", counted.get()));
        }));
        return new ControlLoop(new DirectiveService(new InMemoryDirectiveStore(), clock), new PolicyEvaluator(config),
                new RunService(new InMemoryRunStore(), clock),
                new IdempotentModuleRunner(registry, new InMemoryIdempotencyStore(),
                        BudgetCheck.ceiling(config.budgetCeiling(), false), clock, Duration.ofMinutes(5), Duration.ofDays(7)),
                new ArtifactService(artifactStore, new InMemoryBlobStore(), new ArtifactConfig("jeeves-artifacts"), clock),
                new InMemoryApprovalRequestStore(), flows, v -> String.valueOf(v).getBytes(StandardCharsets.UTF_8), clock,
                Duration.ofHours(1));
    }

    private static PolicyConfig config(String approval) {
        return PolicyConfig.of(Map.of("version", "t1", "tool_allowlist", List.of("noop", "echo", "counted",
                "fail_intentionally"), "approval", Map.of("required", approval)));
    }

    private static DirectiveService.CreateRequest request(String type, Map<String, Object> payload, String budget,
            boolean propose) {
        return new DirectiveService.CreateRequest(null, "ops", type, payload, null, "do the thing", "test", List.of(),
                List.of(), budget, null, propose);
    }

    /** The approval flow, automatic branch, then the execution flow; returns the execution's name. */
    private String runFlows(ControlLoop loop, Directive d) {
        String approval = loop.approvalName(Caller.system(), d.id());
        Map<String, Object> policy = loop.evaluatePolicy(d.id(), approval);
        assertThat(policy.get("blocked")).isEqualTo(false);
        loop.transitionDirective(d.id(), DirectiveStatus.APPROVED, "all policies allow", "policy");
        String execution = approval + "-run";
        loop.startRun(d.id(), execution, "arn:aws:states:us-east-1:000000000000:execution:jeeves-execution:" + execution);
        Map<String, Object> module = loop.executeModule(d.id(), execution);
        loop.finishRun(d.id(), execution, "SUCCESS".equals(module.get("status")), (String) module.get("error_type"),
                (String) module.get("error"));
        return execution;
    }

    private List<String> trail(ControlLoop loop, Directive d) {
        return loop.directives().history(admin, d.id()).stream().map(t -> t.from().wireName() + ">" + t.to().wireName())
                .toList();
    }

    private List<String> artifactTypes(String directiveId) {
        return artifactStore.list(null, null, directiveId, 100, null).items().stream().map(a -> a.type().name()).sorted()
                .toList();
    }

    @Test
    void aProposedDirectiveIsApprovedAutomaticallyAndExecutedWithEveryArtifact() {
        ControlLoop loop = loop(config("never"));
        Directive d = loop.create(alice, request("echo", Map.of("say", "hi"), "$50", true));
        assertThat(flows.started).containsExactly(d.id() + "-p1 {directive_id=" + d.id() + ", approval_timeout_seconds=3600}");

        String execution = runFlows(loop, d);

        Directive done = loop.directives().get(alice, d.id());
        assertThat(done.status()).isEqualTo(DirectiveStatus.COMPLETE);
        assertThat(trail(loop, d)).containsExactly("draft>proposed", "proposed>approved", "approved>executing",
                "executing>complete");
        ExecutionRun run = loop.runs().get(alice, RunService.runId(d.id(), execution));
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.result()).isEqualTo(Map.of("say", "hi"));
        assertThat(run.startedAt()).isNotNull();
        assertThat(run.endedAt()).isNotNull();
        assertThat(artifactTypes(d.id())).containsExactly("execution_checkpoint", "execution_end", "execution_start",
                "module_output", "policy_evaluation");
        assertThat(artifactStore.list(null, null, d.id(), 100, null).items()).allMatch(a -> a.owner().equals("alice"));
    }

    /** Every request and every step twice: one run, the module once, each artifact once, no audit entry twice. */
    @Test
    void duplicatesOfEveryRequestAndStepChangeNothing() {
        ControlLoop loop = loop(config("never"));
        Directive d = loop.create(alice, request("counted", Map.of(), "$10", false));
        loop.propose(alice, d.id());
        loop.propose(alice, d.id());
        assertThat(flows.started).hasSize(2).allMatch(s -> s.startsWith(d.id() + "-p1 ")); // the same name: one flow

        String execution = runFlows(loop, d);
        runFlows(loop, d); // every step retried
        assertThat(counted).hasValue(1);
        assertThat(loop.runs().forDirective(alice, d.id())).hasSize(1);
        assertThat(artifactTypes(d.id())).hasSize(5);
        assertThat(trail(loop, d)).containsExactly("draft>proposed", "proposed>approved", "approved>executing",
                "executing>complete");
        assertThat(loop.runs().get(alice, RunService.runId(d.id(), execution)).result()).isEqualTo(Map.of("n", 1));
    }

    @Test
    void aBudgetOverTheCeilingIsBlockedAndARetryIsANewProposal() {
        ControlLoop loop = loop(config("never"));
        Directive d = loop.create(alice, request("noop", Map.of(), "$5,000", true));
        Map<String, Object> policy = loop.evaluatePolicy(d.id(), loop.approvalName(alice, d.id()));
        assertThat(policy.get("blocked")).isEqualTo(true);
        assertThat((String) policy.get("block_reason")).contains("budget_ceiling");
        assertThat((String) policy.get("artifact_uri")).isEqualTo("jeeves://artifacts/" + d.id() + "-p1:policy_evaluation");
        loop.transitionDirective(d.id(), DirectiveStatus.BLOCKED, (String) policy.get("block_reason"), "policy");
        Directive blocked = loop.directives().get(alice, d.id());
        assertThat(blocked.reason()).contains("budget_ceiling");

        loop.retry(alice, d.id());
        assertThat(flows.started).last().asString().startsWith(d.id() + "-p2 ");
        assertThat(loop.directives().get(alice, d.id()).status()).isEqualTo(DirectiveStatus.PROPOSED);
        Directive draft = loop.create(alice, request("noop", Map.of(), "$5", false));
        assertThatThrownBy(() -> loop.retry(alice, draft.id())).isInstanceOf(JeevesException.class)
                .satisfies(e -> assertThat(((JeevesException) e).code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
                .hasMessageContaining("its current status is draft");
    }

    @Test
    void aPersonDecidesOnceAndOnlyWhileTheFlowWaits() {
        ControlLoop loop = loop(config("always"));
        Directive d = loop.create(alice, request("noop", Map.of(), "$5", true));
        assertThatThrownBy(() -> loop.decide(admin, d.id(), true, "ok")).as("not waiting yet")
                .hasMessageContaining("is not waiting for approval");
        Map<String, Object> policy = loop.evaluatePolicy(d.id(), d.id() + "-p1");
        assertThat(policy.get("approval_required")).isEqualTo(true);
        loop.awaitApproval(d.id(), "token-1", "arn:approval");

        assertThatThrownBy(() -> loop.decide(alice, d.id(), true, "mine")).as("the owner does not approve her own")
                .satisfies(e -> assertThat(((JeevesException) e).code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        loop.decide(admin, d.id(), true, "looks fine");
        assertThat(flows.sent).containsExactly(Map.of("approved", true, "reason", "looks fine", "actor", "root"));
        assertThatThrownBy(() -> loop.decide(admin, d.id(), false, "again")).as("a decision is sent once")
                .hasMessageContaining("is not waiting for approval");
        assertThat(flows.sent).hasSize(1);

        // the flow goes on with the person's decision
        loop.transitionDirective(d.id(), DirectiveStatus.APPROVED, "looks fine", "root");
        DirectiveTransition approved = loop.directives().history(alice, d.id()).get(1);
        assertThat(approved.actor()).isEqualTo("root");
        assertThat(approved.reason()).isEqualTo("looks fine");
    }

    @Test
    void aWaitThatTimedOutTakesNoDecision() {
        ControlLoop loop = loop(config("always"));
        Directive d = loop.create(alice, request("noop", Map.of(), "$5", true));
        loop.awaitApproval(d.id(), "token-1", "arn:approval");
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> loop.decide(admin, d.id(), true, "late")).hasMessageContaining("is not waiting");
        assertThat(flows.sent).isEmpty();
    }

    @Test
    void aFailingModuleFailsTheRunAndAbortsTheDirectiveWithTheError() {
        ControlLoop loop = loop(config("never"));
        Directive d = loop.create(alice, request("fail_intentionally", Map.of("mode", "failure"), "$1", true));
        String execution = runFlows(loop, d);
        ExecutionRun run = loop.runs().get(alice, RunService.runId(d.id(), execution));
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error().type()).isEqualTo(ModuleResult.MODULE_FAILURE);
        Directive aborted = loop.directives().get(alice, d.id());
        assertThat(aborted.status()).isEqualTo(DirectiveStatus.ABORTED);
        assertThat(aborted.reason()).startsWith("run failed");
        assertThat(artifactTypes(d.id())).contains("module_output", "execution_end");

        Directive thrown = loop.create(alice, request("fail_intentionally", Map.of("mode", "error"), "$1", true));
        String second = runFlows(loop, thrown);
        ExecutionRun errored = loop.runs().get(alice, RunService.runId(thrown.id(), second));
        assertThat(errored.status()).isEqualTo(RunStatus.FAILED);
        assertThat(errored.error().type()).as("the exception's class").isEqualTo(IllegalStateException.class.getName());
        assertThat(loop.directives().get(alice, thrown.id()).status()).isEqualTo(DirectiveStatus.ABORTED);
    }

    @Test
    void cancellingARunStopsItsExecutionAndAbortsTheDirectiveOnce() {
        ControlLoop loop = loop(config("never"));
        Directive d = loop.create(alice, request("noop", Map.of(), "$1", true));
        String approval = loop.approvalName(alice, d.id());
        loop.evaluatePolicy(d.id(), approval);
        loop.transitionDirective(d.id(), DirectiveStatus.APPROVED, "ok", "policy");
        String execution = approval + "-run";
        loop.startRun(d.id(), execution, "arn:exec");
        String runId = RunService.runId(d.id(), execution);

        assertThatThrownBy(() -> loop.cancel(Caller.user("bob", Set.of()), runId)).as("another tenant's run")
                .satisfies(e -> assertThat(((JeevesException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        ExecutionRun canceled = loop.cancel(alice, runId);
        assertThat(canceled.status()).isEqualTo(RunStatus.CANCELED);
        assertThat(flows.stopped).containsExactly("arn:exec");
        assertThat(loop.directives().get(alice, d.id()).status()).isEqualTo(DirectiveStatus.ABORTED);
        assertThat(loop.cancel(alice, runId).status()).as("again: the same").isEqualTo(RunStatus.CANCELED);
        assertThat(flows.stopped).as("stopped once").hasSize(1);

        assertThat(loop.executeModule(d.id(), execution).get("status")).as("a canceled run's module never runs")
                .isEqualTo("CANCELED");
        assertThat(artifactTypes(d.id())).doesNotContain("module_output");
        // the execution flow's last step, arriving after the cancel, leaves the run canceled
        loop.finishRun(d.id(), execution, true, null, null);
        assertThat(loop.runs().get(alice, runId).status()).isEqualTo(RunStatus.CANCELED);
        assertThat(artifactTypes(d.id())).containsOnlyOnce("execution_end");

        Directive other = loop.create(alice, request("noop", Map.of(), "$1", true));
        String done = runFlows(loop, other);
        assertThatThrownBy(() -> loop.cancel(alice, RunService.runId(other.id(), done)))
                .hasMessageContaining("its current status is completed");
    }

    @Test
    void aDirectiveForAnUnknownModuleOrWithABadPayloadIsRefusedAndNothingStored() {
        ControlLoop loop = loop(config("never"));
        assertThatThrownBy(() -> loop.create(alice, request("teleport", Map.of(), "$1", true)))
                .satisfies(e -> assertThat(((JeevesException) e).field()).isEqualTo("type"));
        assertThatThrownBy(() -> loop.create(alice, request("fail_intentionally", Map.of("mode", "later"), "$1", true)))
                .satisfies(e -> assertThat(((JeevesException) e).field()).isEqualTo("payload.mode"));
        assertThat(loop.directives().list(alice, null, null, null, 10, null).items()).isEmpty();
        assertThat(flows.started).isEmpty();
    }

    @Test
    void policyArtifactsAreTheEvaluationAndReadBack() {
        ControlLoop loop = loop(config("never"));
        Directive d = loop.create(alice, request("echo", Map.of("tools", List.of("shell")), "100 USD", true));
        Map<String, Object> policy = loop.evaluatePolicy(d.id(), d.id() + "-p1");
        assertThat(policy.get("blocked")).as("a tool outside the allowlist").isEqualTo(true);
        assertThat((List<?>) policy.get("policy_blocks")).anyMatch(r -> r.toString().startsWith("tool_allowlist"));
        Artifact a = loop.artifacts().get(alice, (String) policy.get("artifact_id"));
        assertThat(new String(loop.artifacts().content(alice, a.id()).bytes(), StandardCharsets.UTF_8)).contains("t1");
        assertThat(loop.evaluatePolicy(d.id(), d.id() + "-p1")).as("deterministic: the same artifact").isEqualTo(policy);
    }
}
