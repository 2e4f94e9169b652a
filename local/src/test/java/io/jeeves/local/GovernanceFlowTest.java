package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.local.governance.WaitForReleaseModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The governance control loop on the local stack, end to end over HTTP: the routes, the approval and
 * execution state machines from statemachines/ on the local engine, the functions, DynamoDB Local and S3.
 * The policy: a $100 ceiling, a person approves above $50.
 */
class GovernanceFlowTest {
    static final String POLICY = """
            {"version": "flow-test-1", "budget_ceiling": "$100", "tool_allowlist": ["noop", "echo",
             "fail_intentionally", "wait_for_release"], "scope_allowlist": ["test"],
             "approval": {"required": "above_budget", "threshold": "$50"}}""";
    static LocalStack stack;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("jeeves.policy.json", POLICY);
        System.setProperty("jeeves.governance.approval_timeout_seconds", "4");
        stack = new LocalStack(LocalOptions.ephemeral()).start();
        api = new ApiClient(stack.apiUrl());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("jeeves.policy.json");
        System.clearProperty("jeeves.governance.approval_timeout_seconds");
        stack.close();
    }

    private static String user() {
        return "u-" + UUID.randomUUID();
    }

    private static Map<String, Object> directive(String type, String budget, Object payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", "ops");
        body.put("type", type);
        body.put("objective", "keep the lights on");
        body.put("scope", "test");
        body.put("budget", budget);
        body.put("payload", payload);
        body.put("propose", true);
        return body;
    }

    /** Polls the directive until {@code done} holds (the flows run asynchronously). */
    private static JsonNode awaitDirective(String id, String token, Predicate<JsonNode> done) throws InterruptedException {
        JsonNode d = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            d = api.get("/v1/directives/" + id, token).body();
            if (done.test(d)) {
                return d;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("directive " + id + " never got there: " + d);
    }

    private static Predicate<JsonNode> status(String... statuses) {
        return d -> List.of(statuses).contains(d.path("status").asText());
    }

    private static List<String> trail(String id, String token) {
        List<String> out = new ArrayList<>();
        api.get("/v1/directives/" + id + "/history", token).body().path("transitions")
                .forEach(t -> out.add(t.path("from").asText() + ">" + t.path("to").asText()));
        return out;
    }

    @Test
    void aDirectiveWithinPolicyIsApprovedExecutedAndReadBackWithItsArtifacts() throws Exception {
        String alice = user();
        String t = api.token(alice);
        var created = api.post("/v1/directives", t, directive("echo", "$10", Map.of("say", "hello")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("directive_id").asText();
        assertThat(created.body().path("status").asText()).isEqualTo("proposed");

        JsonNode done = awaitDirective(id, t, status("complete", "aborted", "blocked"));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("complete");
        assertThat(trail(id, t)).containsExactly("draft>proposed", "proposed>approved", "approved>executing",
                "executing>complete");
        JsonNode history = api.get("/v1/directives/" + id + "/history", t).body();
        assertThat(history.path("approval_flows").get(0).asText()).isEqualTo(id + "-p1");
        JsonNode run = history.path("executions").get(0);
        assertThat(run.path("status").asText()).isEqualTo("completed");
        assertThat(run.path("result").path("say").asText()).isEqualTo("hello");
        assertThat(api.get("/v1/executions/" + run.path("run_id").asText(), t).body().path("status").asText())
                .isEqualTo("completed");
        assertThat(api.get("/v1/executions/" + run.path("run_id").asText(), api.token(user())).status())
                .as("another tenant").isEqualTo(404);

        JsonNode artifacts = api.get("/v1/artifacts?directive_id=" + id, t).body().path("artifacts");
        List<String> types = new ArrayList<>();
        artifacts.forEach(a -> types.add(a.path("type").asText()));
        assertThat(types).containsExactlyInAnyOrder("policy_evaluation", "execution_start", "execution_checkpoint",
                "module_output", "execution_end");
        String policyArtifact = null;
        for (JsonNode a : artifacts) {
            if (a.path("type").asText().equals("policy_evaluation")) {
                policyArtifact = a.path("artifact_id").asText();
            }
        }
        var content = api.get("/v1/artifacts/" + policyArtifact + "/content", t);
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.header("content-type")).isEqualTo("application/json");
        assertThat(Json.read(content.raw().body()).path("policy_version").asText()).isEqualTo("flow-test-1");
        assertThat(api.get("/v1/memory/directives/latest?role=ops", t).body().path("directive_id").asText()).isEqualTo(id);
        assertThat(api.get("/v1/memory/executions?limit=5", t).body().path("executions").size()).isEqualTo(1);
        assertThat(api.get("/v1/memory/artifacts?type=module_output&limit=5", t).body().path("artifacts").size())
                .isEqualTo(1);
        assertThat(api.get("/v1/memory/artifacts?limit=101", t).status()).isEqualTo(400);
    }

    /** A flow step redelivered after the fact (a retried task, a duplicate Lambda invocation). */
    private static JsonNode invoke(String function, Map<String, Object> payload) throws Exception {
        var f = stack.lambdas().find("jeeves-" + function).orElseThrow();
        var r = stack.lambdas().invoke(f, Json.writeBytes(payload));
        assertThat(r.failed()).as(new String(r.payload(), java.nio.charset.StandardCharsets.UTF_8)).isFalse();
        return Json.read(r.payload());
    }

    /** Duplicate requests and every step of both flows delivered again: no second run, module run or artifact. */
    @Test
    void duplicatesAndRedeliveredStepsChangeNothing() throws Exception {
        String t = api.token(user());
        String id = api.post("/v1/directives", t, directive("echo", "$5", Map.of("n", 1))).body().path("directive_id")
                .asText();
        assertThat(api.post("/v1/directives/" + id + "/propose", t, null).status()).as("a duplicate propose")
                .isIn(200, 409);
        awaitDirective(id, t, status("complete"));
        List<String> trail = trail(id, t);
        String requestKey = id + "-p1-run";
        invoke("EvaluatePolicy", Map.of("directive_id", id, "evaluation_id", id + "-p1"));
        invoke("TransitionDirective", Map.of("directive_id", id, "to", "approved", "reason", "again", "actor", "policy"));
        invoke("StartRun", Map.of("directive_id", id, "request_key", requestKey, "execution_arn", "arn:again"));
        JsonNode module = invoke("ExecuteModule", Map.of("directive_id", id, "request_key", requestKey));
        assertThat(module.path("status").asText()).isEqualTo("SUCCESS");
        invoke("FinishRun", Map.of("directive_id", id, "request_key", requestKey, "outcome", "completed"));

        assertThat(trail(id, t)).isEqualTo(trail);
        assertThat(api.get("/v1/directives/" + id + "/executions", t).body().path("executions")).hasSize(1);
        assertThat(api.get("/v1/artifacts?directive_id=" + id, t).body().path("artifacts")).hasSize(5);
        assertThat(api.get("/v1/directives/" + id + "/history", t).body().path("approval_flows")).hasSize(1);
        assertThat(api.get("/v1/directives/" + id, t).body().path("status").asText()).isEqualTo("complete");
        assertThat(api.get("/v1/directives/" + id + "/executions", t).body().path("executions").get(0)
                .path("execution_arn").asText()).as("the first start's").isNotEqualTo("arn:again");
    }

    @Test
    void aBudgetOverTheCeilingIsBlockedWithTheReasonAndARetryIsANewProposal() throws Exception {
        String t = api.token(user());
        String id = api.post("/v1/directives", t, directive("noop", "$500", Map.of())).body().path("directive_id").asText();
        JsonNode blocked = awaitDirective(id, t, status("blocked", "complete"));
        assertThat(blocked.path("status").asText()).isEqualTo("blocked");
        assertThat(blocked.path("reason").asText()).contains("budget_ceiling");
        int proposed = api.post("/v1/directives/" + id + "/propose", t, null).status();
        assertThat(proposed).isIn(200, 409);
        // the retry finds the directive proposed (409: the proposal above is its retry) or, when that proposal's flow
        // has blocked it again already, blocked: then it is a new proposal
        int retried = api.post("/v1/directives/" + id + "/retry", t, null).status();
        assertThat(retried).isIn(200, 409);
        awaitDirective(id, t, d -> trail(id, t).size() >= 4 && d.path("status").asText().equals("blocked")
                && trail(id, t).get(trail(id, t).size() - 1).endsWith(">blocked"));
        long proposals = trail(id, t).stream().filter(step -> step.endsWith(">proposed")).count();
        assertThat(proposals).as("proposed again at least once").isGreaterThanOrEqualTo(2);
        // one approval flow per proposal, never one for a duplicate request
        assertThat(api.get("/v1/directives/" + id + "/history", t).body().path("approval_flows")).hasSize((int) proposals);
        assertThat(api.get("/v1/directives/" + id + "/executions", t).body().path("executions")).isEmpty();
    }

    @Test
    void aPersonApprovesADirectiveAboveTheThresholdOnce() throws Exception {
        String alice = user();
        String t = api.token(alice);
        String admin = api.token("root-" + UUID.randomUUID(), "jeeves/admin");
        String id = api.post("/v1/directives", t, directive("noop", "$75", Map.of())).body().path("directive_id").asText();
        assertThat(api.post("/v1/directives/" + id + "/approval", t, Map.of("approved", true)).status())
                .as("the owner is not an approver").isEqualTo(403);
        int status = 409;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (status == 409 && System.nanoTime() < deadline) { // 409 until the flow waits for a person
            status = api.post("/v1/directives/" + id + "/approval", admin, Map.of("approved", true, "reason", "fine"))
                    .status();
            Thread.sleep(20);
        }
        assertThat(status).isEqualTo(202);
        assertThat(api.post("/v1/directives/" + id + "/approval", admin, Map.of("approved", true)).status())
                .as("a second decision").isEqualTo(409);
        assertThat(api.post("/v1/directives/" + id + "/approval", admin, Map.of("approved", "yes")).status())
                .isEqualTo(400);
        JsonNode done = awaitDirective(id, t, status("complete", "aborted", "blocked"));
        assertThat(done.path("status").asText()).isEqualTo("complete");
        JsonNode approved = api.get("/v1/directives/" + id + "/history", t).body().path("transitions").get(1);
        assertThat(approved.path("to").asText()).isEqualTo("approved");
        assertThat(approved.path("actor").asText()).startsWith("root-");
        assertThat(approved.path("reason").asText()).isEqualTo("fine");
    }

    @Test
    void aDirectiveNobodyApprovesInTimeIsBlocked() throws Exception {
        String t = api.token(user());
        String id = api.post("/v1/directives", t, directive("noop", "$60", Map.of())).body().path("directive_id").asText();
        JsonNode blocked = awaitDirective(id, t, status("blocked", "complete"));
        assertThat(blocked.path("status").asText()).isEqualTo("blocked");
        assertThat(blocked.path("reason").asText()).isEqualTo("approval timed out");
        String admin = api.token("root-" + UUID.randomUUID(), "jeeves/admin");
        assertThat(api.post("/v1/directives/" + id + "/approval", admin, Map.of("approved", true)).status())
                .as("too late").isEqualTo(409);
    }

    /** A step of the approval flow failing for good blocks the directive with the error: never left proposed. */
    @Test
    void anApprovalFlowThatFailsBlocksTheDirective() throws Exception {
        String t = api.token(user());
        String id = api.post("/v1/directives", t, directive("noop", "$75", Map.of())).body().path("directive_id").asText();
        String approval = io.jeeves.asl.runtime.Engine.executionArn("jeeves-approval", id + "-p1");
        boolean sent = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sent && System.nanoTime() < deadline) { // the wait's task token, from the flow's history
            for (JsonNode e : stack.engine().history(approval, false, 100, null).items()) {
                JsonNode p = e.path("type").asText().equals("TaskScheduled")
                        ? Json.read(e.path("taskScheduledEventDetails").path("parameters").asText()) : null;
                if (p != null && p.path("Payload").has("task_token")) {
                    try { // the wait registers its token once its Lambda call has returned
                        stack.engine().sendTaskFailure(p.path("Payload").path("task_token").asText(), "Injected.Failure",
                                "the approver's system broke");
                        sent = true;
                    } catch (io.jeeves.asl.runtime.SfnException notYet) {
                        Thread.sleep(10);
                    }
                }
            }
            Thread.sleep(10);
        }
        assertThat(sent).isTrue();
        JsonNode blocked = awaitDirective(id, t, status("blocked"));
        assertThat(blocked.path("reason").asText()).isEqualTo("approval flow failed: Injected.Failure");
        assertThat(stack.engine().awaitCompletion(approval, Duration.ofSeconds(10)).status()).isEqualTo("FAILED");
        assertThat(api.post("/v1/directives/" + id + "/retry", t, null).status()).as("and it can be retried")
                .isEqualTo(200);
    }

    @Test
    void aFailingModuleFailsTheRunAndAbortsTheDirective() throws Exception {
        String t = api.token(user());
        String id = api.post("/v1/directives", t, directive("fail_intentionally", "$5", Map.of("mode", "error")))
                .body().path("directive_id").asText();
        JsonNode aborted = awaitDirective(id, t, status("aborted", "complete"));
        assertThat(aborted.path("status").asText()).isEqualTo("aborted");
        JsonNode run = api.get("/v1/directives/" + id + "/executions", t).body().path("executions").get(0);
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error").path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        JsonNode types = api.get("/v1/artifacts?directive_id=" + id + "&type=module_output", t).body().path("artifacts");
        assertThat(types).hasSize(1);
    }

    @Test
    void aRunningExecutionIsCancelled() throws Exception {
        WaitForReleaseModule.reset();
        String t = api.token(user());
        String id = api.post("/v1/directives", t, directive("wait_for_release", "$5", Map.of())).body()
                .path("directive_id").asText();
        awaitDirective(id, t, status("executing"));
        String runId = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runId == null && System.nanoTime() < deadline) {
            JsonNode runs = api.get("/v1/directives/" + id + "/executions", t).body().path("executions");
            runId = runs.size() == 1 && runs.get(0).path("status").asText().equals("running")
                    ? runs.get(0).path("run_id").asText() : null;
        }
        assertThat(runId).isNotNull();
        var canceled = api.post("/v1/executions/" + runId + "/cancel", t, null);
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.body().path("status").asText()).isEqualTo("canceled");
        assertThat(api.post("/v1/executions/" + runId + "/cancel", t, null).body().path("status").asText())
                .isEqualTo("canceled");
        WaitForReleaseModule.releaseAll();
        JsonNode aborted = awaitDirective(id, t, status("aborted"));
        assertThat(aborted.path("reason").asText()).contains("canceled");
        Thread.sleep(200); // the module returns into a stopped execution: nothing moves the run again
        assertThat(api.get("/v1/executions/" + runId, t).body().path("status").asText()).isEqualTo("canceled");
    }

    /** CancelExecution and DecideApproval are not given the approval machine's ARN: they must not need it. */
    @Test
    void answeringAndStoppingFlowsNeedNoApprovalStateMachine() {
        var sfn = io.jeeves.config.AwsClients.configure(software.amazon.awssdk.services.sfn.SfnClient.builder(),
                "us-east-1", java.util.Optional.of(stack.stepFunctionsUrl())).build();
        var flows = new io.jeeves.flows.StepFunctionsFlows(() -> sfn, () -> {
            throw new IllegalStateException("the approval ARN is not given");
        });
        assertThat(flows.sendTaskSuccess("no-such-token", Map.of())).isFalse();
        flows.stopExecution(io.jeeves.asl.runtime.Engine.executionArn("jeeves-execution", "none"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> flows.startApproval("x", Map.of()))
                .hasMessageContaining("not given");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        String t = api.token(user());
        var missing = api.post("/v1/directives", t, Map.of("type", "noop"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("field").asText()).isEqualTo("role");
        assertThat(api.post("/v1/directives", t, "{nope").status()).isEqualTo(400);
        assertThat(api.get("/v1/directives/dir_nope", t).status()).isEqualTo(404);
        assertThat(api.post("/v1/directives/dir_nope/propose", t, null).status()).isEqualTo(404);
        assertThat(api.post("/v1/executions/run_nope/cancel", t, null).status()).isEqualTo(404);
        Map<String, Object> draft = directive("noop", "$5", Map.of());
        draft.put("propose", false);
        String id = api.post("/v1/directives", t, draft).body().path("directive_id").asText();
        var retry = api.post("/v1/directives/" + id + "/retry", t, null);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body().path("detail").asText()).contains("draft");
        assertThat(api.get("/v1/directives/" + id, t).body().path("status").asText()).isEqualTo("draft");
        assertThat(api.get("/v1/directives/" + id + "/history", t).body().path("transitions")).isEmpty();
    }
}
