package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.catalog.Catalog;
import io.jeeves.config.JeevesSettings;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.governance.ControlLoop;
import io.jeeves.governance.approval.ApprovalRequestStore;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveStore;
import io.jeeves.governance.execution.RunStatus;
import io.jeeves.json.Json;
import io.jeeves.kernel.Caller;
import io.jeeves.local.governance.WaitForReleaseModule;
import io.jeeves.runtime.FunctionContext;
import io.jeeves.store.dynamodb.DynamoApprovalRequestStore;
import io.jeeves.store.dynamodb.DynamoDirectiveStore;
import io.jeeves.testing.GovernanceSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The governance samples in events/ that start, answer or stop a Step Functions flow, which the functions
 * module's EventSamplesTest cannot run (it has no Step Functions engine): each sample, http.json and
 * direct.json, through its real handler on the real local stack, its flows on the local engine. The policy
 * always asks a person, so a proposal's approval flow waits for one.
 */
class GovernanceEventSamplesTest {
    static final Path EVENTS = Path.of("../events");
    static final String POLICY = """
            {"version": "event-samples", "tool_allowlist": ["noop", "echo", "wait_for_release"],
             "approval": {"required": "always"}}""";
    static LocalStack stack;
    static ControlLoop loop;
    static DirectiveStore directives;
    static ApprovalRequestStore approvals;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("jeeves.policy.json", POLICY);
        stack = new LocalStack(LocalOptions.ephemeral()).start();
        loop = FunctionContext.bean(ControlLoop.class);
        DynamoDbClient db = FunctionContext.bean(DynamoDbClient.class);
        String table = FunctionContext.bean(JeevesSettings.class).table(Catalog.DIRECTIVES);
        directives = new DynamoDirectiveStore(db, table);
        approvals = new DynamoApprovalRequestStore(db, table);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("jeeves.policy.json");
        stack.close();
    }

    /** A sample through its function's real handler: the http.json's reply (status and body), or direct.json's body. */
    private static JsonNode invoke(String function, String sample) throws IOException {
        var f = stack.lambdas().find(System.getProperty("jeeves.table-prefix") + function).orElseThrow();
        var r = stack.lambdas().invoke(f, Files.readAllBytes(EVENTS.resolve(function).resolve(sample)));
        assertThat(r.failed()).as(function + " " + sample + ": " + new String(r.payload(), StandardCharsets.UTF_8))
                .isFalse();
        return Json.read(r.payload());
    }

    private static JsonNode http(String function, int status) throws IOException {
        JsonNode reply = invoke(function, "http.json");
        assertThat(reply.path("statusCode").asInt()).as(function + " http.json: " + reply).isEqualTo(status);
        return Json.read(reply.path("body").asText());
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The approval flow of the directive's current proposal waits for a person (its task token is kept). */
    private static void awaitWaiting(String id) throws InterruptedException {
        await(id + " waiting for approval", () -> approvals.get(id).isPresent());
    }

    private static void awaitStatus(String id, DirectiveStatus status) throws InterruptedException {
        await(id + " " + status.wireName(), () -> loop.directives().get(Caller.system(), id).status() == status);
    }

    /** A draft and its owner's proposal, its approval flow started for real. */
    private static void proposed(String id, String type) {
        GovernanceSamples.draft(directives, id, GovernanceSamples.OWNER, type, Map.of());
        loop.propose(Caller.user(GovernanceSamples.OWNER, Set.of()), id);
    }

    @Test
    void proposeDirectiveSamplesStartTheirApprovalFlows() throws Exception {
        GovernanceSamples.draft(directives, GovernanceSamples.DRAFT_HTTP, GovernanceSamples.OWNER, "noop", Map.of());
        GovernanceSamples.draft(directives, GovernanceSamples.DRAFT_DIRECT, GovernanceSamples.OWNER, "noop", Map.of());
        assertThat(http("ProposeDirective", 200).path("status").asText()).isEqualTo("proposed");
        assertThat(invoke("ProposeDirective", "direct.json").path("status").asText()).isEqualTo("proposed");
        awaitWaiting(GovernanceSamples.DRAFT_HTTP);
        awaitWaiting(GovernanceSamples.DRAFT_DIRECT);
    }

    @Test
    void retryDirectiveSamplesProposeBlockedDirectivesAgain() throws Exception {
        GovernanceSamples.blocked(directives, loop.directives(), GovernanceSamples.BLOCKED_HTTP, "noop");
        GovernanceSamples.blocked(directives, loop.directives(), GovernanceSamples.BLOCKED_DIRECT, "noop");
        assertThat(http("RetryDirective", 200).path("status").asText()).isEqualTo("proposed");
        assertThat(invoke("RetryDirective", "direct.json").path("status").asText()).isEqualTo("proposed");
        for (String id : new String[] {GovernanceSamples.BLOCKED_HTTP, GovernanceSamples.BLOCKED_DIRECT}) {
            awaitWaiting(id);
            assertThat(loop.approvalName(Caller.system(), id)).as("a second proposal's flow").isEqualTo(id + "-p2");
        }
    }

    @Test
    void decideApprovalSamplesAnswerWaitingFlows() throws Exception {
        proposed(GovernanceSamples.WAITING_HTTP, "noop");
        proposed(GovernanceSamples.WAITING_DIRECT, "noop");
        awaitWaiting(GovernanceSamples.WAITING_HTTP);
        awaitWaiting(GovernanceSamples.WAITING_DIRECT);
        JsonNode accepted = http("DecideApproval", 202);
        assertThat(accepted.path("approved").asBoolean()).isTrue();
        assertThat(invoke("DecideApproval", "direct.json").path("approved").asBoolean()).isFalse();
        awaitStatus(GovernanceSamples.WAITING_HTTP, DirectiveStatus.COMPLETE); // approved by root, then executed
        awaitStatus(GovernanceSamples.WAITING_DIRECT, DirectiveStatus.BLOCKED);
        assertThat(loop.directives().get(Caller.system(), GovernanceSamples.WAITING_DIRECT).reason())
                .isEqualTo("not this week");
    }

    @Test
    void cancelExecutionSamplesStopARunningExecution() throws Exception {
        WaitForReleaseModule.reset();
        String id = GovernanceSamples.EXECUTING;
        String runId = GovernanceSamples.firstRun(id);
        try {
            proposed(id, "wait_for_release");
            awaitWaiting(id);
            loop.decide(Caller.system(), id, true, "approved for the samples");
            await(runId + " running", () -> {
                try {
                    return loop.runs().get(Caller.system(), runId).status() == RunStatus.RUNNING;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            JsonNode canceled = http("CancelExecution", 200);
            assertThat(canceled.path("status").asText()).isEqualTo("canceled");
            assertThat(canceled.path("execution_arn").asText()).as("a real execution, stopped").isNotEmpty();
            assertThat(invoke("CancelExecution", "direct.json").path("status").asText()).as("again: the canceled run")
                    .isEqualTo("canceled");
        } finally {
            WaitForReleaseModule.releaseAll();
        }
        awaitStatus(id, DirectiveStatus.ABORTED);
    }

    /**
     * A decision whose reason is longer than a directive's reason may be (1024 characters) is refused before it
     * reaches the flow (400 on {@code reason}): the token is not taken and the flow keeps waiting.
     */
    @Test
    void aDecisionWithAReasonTooLongIsRefusedAndTheFlowKeepsWaiting() throws Exception {
        String id = "dir_5a3p1e_long_reason";
        proposed(id, "noop");
        awaitWaiting(id);
        assertThatThrownBy(() -> loop.decide(Caller.user("root", Set.of(Caller.SCOPE_ADMIN)), id, true, "x".repeat(1025)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(approvals.get(id)).as("still waiting for a person").isPresent();
    }
}
