package io.jeeves.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.json.Json;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.interrupt.InterruptKind;
import io.jeeves.kernel.service.InterruptService;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.ProcessService.CreateRequest;
import io.jeeves.config.JeevesSettings;
import io.jeeves.governance.ControlLoop;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveService;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.execution.RunService;
import io.jeeves.runtime.FunctionContext;
import io.jeeves.runtime.HttpApiEvent;
import io.jeeves.runtime.InProcessContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Warm latency of each handler against the AWS SDK calls it makes, measured in the same invocation:
 * the handler's wall time (Lambda's contract: event bytes in, response bytes out) and, inside it, the
 * time spent in its DynamoDB client calls, each whole ({@link SdkCallTimer}). Overhead = handler − SDK
 * calls: event parsing, validation, the domain, JSON, logging and metrics.
 */
final class WarmLatencyBench {
    record Result(String function, Stats handler, Stats sdk, Stats overhead, double callsPerInvocation) {
    }


    /** @param share fraction of the iterations to run (for the scenarios that read a whole index) */
    private record Scenario(String function, Supplier<byte[]> nextEvent, double share) {
        Scenario(String function, Supplier<byte[]> nextEvent) {
            this(function, nextEvent, 1.0);
        }
    }

    private final Kernel kernel = FunctionContext.bean(Kernel.class);
    private final Caller system = Caller.system();
    private final AtomicInteger seq = new AtomicInteger();
    private final String user = "bench-user";

    private String id(String prefix) {
        return prefix + "-" + seq.incrementAndGet();
    }

    private byte[] http(String function, String sub, List<String> scopes, Map<String, String> path,
            Map<String, String> query, Object body) {
        RouteSpec route = Catalog.function(function).orElseThrow().routes().get(0);
        HttpApiEvent e = new HttpApiEvent().route(route, path).caller(sub, scopes, route)
                .header("content-type", "application/json");
        query.forEach(e::query);
        if (body != null) {
            e.body(Json.write(body));
        }
        return Json.writeBytes(e.toJson());
    }

    private byte[] http(String function, Map<String, String> path, Object body) {
        return http(function, user, List.of(), path, Map.of(), body);
    }

    private String process(boolean schedule) {
        return process(schedule, user);
    }

    /** A process of {@code owner}; the scenarios that consume processes use other owners than {@link #user}. */
    private String process(boolean schedule, String owner) {
        String pid = id("bench-p");
        kernel.processes().create(system, new CreateRequest(pid, null, owner, "bench-session", null,
                Map.of("max_llm_calls", Integer.MAX_VALUE, "max_input_tokens", Integer.MAX_VALUE, "max_output_tokens",
                        Integer.MAX_VALUE), schedule));
        return pid;
    }

    private String interrupt() {
        return kernel.interrupts().create(system, new InterruptService.CreateRequest(InterruptKind.CLARIFICATION, "r",
                user, "bench-session", "", "Which?", null, Map.of(), null)).id();
    }

    List<Scenario> scenarios() {
        for (String u : List.of(user, "bench-creator", "bench-consumed")) {
            kernel.rateLimits().updateUser(system, u, Map.of("burst_size", Integer.MAX_VALUE, "requests_per_minute",
                    Integer.MAX_VALUE, "requests_per_hour", Integer.MAX_VALUE, "requests_per_day", Integer.MAX_VALUE));
        }
        String pid = process(true);
        String toggled = process(true);
        for (int i = 0; i < 20; i++) {
            process(true);
        }
        String interrupt = interrupt();
        List<Scenario> s = new ArrayList<>();
        // new processes go to another user, so that the counts and lists below stay the same size
        s.add(new Scenario("CreateProcess", () -> http("CreateProcess", "bench-creator", List.of(), Map.of(), Map.of(),
                Map.of("pid", id("bench-c")))));
        s.add(new Scenario("GetProcess", () -> http("GetProcess", Map.of("pid", pid), null)));
        s.add(new Scenario("ScheduleProcess", () -> http("ScheduleProcess", "bench-consumed", List.of(),
                Map.of("pid", process(false, "bench-consumed")), Map.of(), null)));
        s.add(new Scenario("GetNextRunnable", () -> {
            process(true, "bench-consumed");
            return http("GetNextRunnable", "bench-worker", List.of(Caller.SCOPE_WORKER), Map.of(), Map.of(), null);
        }));
        s.add(new Scenario("TransitionState", () -> {
            boolean running = kernel.processes().get(system, toggled).state() == ProcessState.RUNNING;
            return http("TransitionState", Map.of("pid", toggled), Map.of("new_state", running ? "READY" : "RUNNING"));
        }));
        s.add(new Scenario("TerminateProcess", () -> http("TerminateProcess", "bench-consumed", List.of(),
                Map.of("pid", process(true, "bench-consumed")), Map.of(), Map.of())));
        s.add(new Scenario("CheckQuota", () -> http("CheckQuota", Map.of("pid", pid), null)));
        s.add(new Scenario("RecordUsage", () -> http("RecordUsage", Map.of("pid", pid), Map.of("llm_calls", 1, "tokens_in", 10))));
        s.add(new Scenario("CheckRateLimit", () -> http("CheckRateLimit", Map.of(), Map.of())));
        s.add(new Scenario("ListProcesses", () -> http("ListProcesses", user, List.of(), Map.of(), Map.of("limit", "10"), null)));
        s.add(new Scenario("GetProcessCounts", () -> http("GetProcessCounts", Map.of(), null)));
        s.add(new Scenario("GetQuotaDefaults", () -> http("GetQuotaDefaults", "bench-admin", List.of(Caller.SCOPE_ADMIN),
                Map.of(), Map.of(), null)));
        s.add(new Scenario("SetQuotaDefaults", () -> http("SetQuotaDefaults", "bench-admin", List.of(Caller.SCOPE_ADMIN),
                Map.of(), Map.of(), Map.of("quota", Map.of("max_llm_calls", 100)))));
        s.add(new Scenario("CreateInterrupt", () -> http("CreateInterrupt", Map.of(),
                Map.of("kind", "confirmation", "session_id", "bench-session"))));
        s.add(new Scenario("GetInterrupt", () -> http("GetInterrupt", Map.of("interrupt_id", interrupt), null)));
        s.add(new Scenario("ResolveInterrupt", () -> http("ResolveInterrupt", Map.of("interrupt_id", interrupt()),
                Map.of("response", Map.of("text", "yes")))));
        s.add(new Scenario("CancelInterrupt", () -> http("CancelInterrupt", Map.of("interrupt_id", interrupt()), Map.of())));
        List<String> admin = List.of(Caller.SCOPE_ADMIN);
        // counts every process (seven COUNT queries over the state index): fewer iterations
        s.add(new Scenario("GetSystemStatus", () -> http("GetSystemStatus", "bench-admin", admin, Map.of(), Map.of(), null),
                0.1));
        s.add(new Scenario("GetRateLimitDefaults", () -> http("GetRateLimitDefaults", "bench-admin", admin, Map.of(),
                Map.of(), null)));
        s.add(new Scenario("SetRateLimitDefaults", () -> http("SetRateLimitDefaults", "bench-admin", admin, Map.of(),
                Map.of(), Map.of("limits", Map.of("requests_per_minute", 60)))));
        s.add(new Scenario("GetUserRateLimits", () -> http("GetUserRateLimits", "bench-admin", admin,
                Map.of("user_id", user), Map.of(), null)));
        s.add(new Scenario("SetUserRateLimits", () -> http("SetUserRateLimits", "bench-admin", admin,
                Map.of("user_id", "bench-other"), Map.of(), Map.of("limits", Map.of("burst_size", 20)))));
        s.add(new Scenario("DeleteUserRateLimits", () -> {
            kernel.rateLimits().updateUser(system, "bench-gone", Map.of("burst_size", 5));
            return http("DeleteUserRateLimits", "bench-admin", admin, Map.of("user_id", "bench-gone"), Map.of(), null);
        }));
        s.add(new Scenario("GetPendingForSession", () -> http("GetPendingForSession", user, List.of(),
                Map.of("session_id", "bench-pending"), Map.of(), null)));
        governance(s);
        return s;
    }

    // ---- governance ---------------------------------------------------------------------------------------

    private ControlLoop loop() {
        return FunctionContext.bean(ControlLoop.class);
    }

    private Directive draft(String owner, String type) {
        return loop().create(Caller.user(owner, java.util.Set.of()), new DirectiveService.CreateRequest(null, "bench",
                type, Map.of(), null, "benchmark", "test", List.of(), List.of(), "$1", null, false));
    }

    /** A directive run through every step of both flows, directly (its run and five artifacts). */
    private Directive executed() {
        ControlLoop loop = loop();
        Directive d = draft(user, "noop");
        loop.directives().transition(Caller.user(user, java.util.Set.of()), d.id(), DirectiveStatus.PROPOSED, "bench");
        loop.evaluatePolicy(d.id(), d.id() + "-p1");
        loop.transitionDirective(d.id(), DirectiveStatus.APPROVED, "bench", "policy");
        return startedRun(d, true);
    }

    private Directive startedRun(Directive d, boolean finish) {
        ControlLoop loop = loop();
        String key = d.id() + "-p1-run";
        loop.startRun(d.id(), key, "arn:aws:states:us-east-1:000000000000:execution:jeeves-execution:" + key);
        if (finish) {
            loop.executeModule(d.id(), key);
            loop.finishRun(d.id(), key, true, null, null);
        }
        return d;
    }

    /** A directive proposed and approved, its run started (running), ready to cancel. */
    private String runningRun() {
        ControlLoop loop = loop();
        Directive d = draft(user, "noop");
        loop.directives().transition(Caller.user(user, java.util.Set.of()), d.id(), DirectiveStatus.PROPOSED, "bench");
        loop.transitionDirective(d.id(), DirectiveStatus.APPROVED, "bench", "policy");
        startedRun(d, false);
        return RunService.runId(d.id(), d.id() + "-p1-run");
    }

    /**
     * A directive waiting for a person: proposed, with a real task token held by a small state machine that
     * waits through AwaitApproval as the approval flow does (the default policy never asks a person).
     */
    private String waitingForApproval(String waiterArn) {
        Directive d = draft(user, "noop");
        loop().directives().transition(Caller.user(user, java.util.Set.of()), d.id(), DirectiveStatus.PROPOSED, "bench");
        SfnClient sfn = FunctionContext.bean(SfnClient.class);
        sfn.startExecution(b -> b.stateMachineArn(waiterArn).name(d.id()).input(Json.write(Map.of("directive_id", d.id()))));
        DynamoDbClient db = FunctionContext.bean(DynamoDbClient.class);
        String table = FunctionContext.bean(JeevesSettings.class).table(Catalog.DIRECTIVES);
        for (int i = 0; i < 500; i++) {
            if (!db.getItem(b -> b.tableName(table).key(Map.of("directive_id", AttributeValue.fromS(d.id()), "item",
                    AttributeValue.fromS("approval")))).item().isEmpty()) {
                return d.id();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the approval wait of " + d.id() + " never started");
    }

    private String approvalWaiter() {
        String prefix = System.getProperty("jeeves.table-prefix", "jeeves-");
        String definition = Json.write(Map.of("StartAt", "Wait", "States", Map.of("Wait", Map.of("Type", "Task",
                "Resource", "arn:aws:states:::lambda:invoke.waitForTaskToken", "Parameters", Map.of("FunctionName",
                        InProcessContext.arn(prefix + "AwaitApproval"), "Payload", Map.of("directive_id.$", "$.directive_id",
                                "task_token.$", "$$.Task.Token")), "End", true))));
        return FunctionContext.bean(SfnClient.class).createStateMachine(b -> b.name("bench-approval-waiter-" + seq.incrementAndGet())
                .definition(definition).roleArn("arn:aws:iam::000000000000:role/bench")).stateMachineArn();
    }

    private void governance(List<Scenario> s) {
        String admin = "bench-admin";
        List<String> adminScopes = List.of(Caller.SCOPE_ADMIN);
        Directive done = executed();
        String runId = RunService.runId(done.id(), done.id() + "-p1-run");
        String artifact = runId + ":module_output";
        String waiter = approvalWaiter();
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("role", "bench");
        create.put("type", "noop");
        create.put("objective", "benchmark");
        create.put("scope", "test");
        create.put("budget", "$1");
        s.add(new Scenario("CreateDirective", () -> http("CreateDirective", "bench-creator", List.of(), Map.of(), Map.of(),
                create)));
        s.add(new Scenario("GetDirective", () -> http("GetDirective", Map.of("directive_id", done.id()), null)));
        s.add(new Scenario("ListDirectives", () -> http("ListDirectives", user, List.of(), Map.of(),
                Map.of("role", "bench", "limit", "10"), null)));
        // each starts a real approval flow on the local engine, which then runs in the background: fewer of them
        s.add(new Scenario("ProposeDirective", () -> http("ProposeDirective", "bench-proposer", List.of(),
                Map.of("directive_id", draft("bench-proposer", "noop").id()), Map.of(), null), 0.1));
        s.add(new Scenario("RetryDirective", () -> {
            Directive d = draft("bench-proposer", "noop");
            loop().directives().transition(Caller.user("bench-proposer", java.util.Set.of()), d.id(),
                    DirectiveStatus.PROPOSED, "bench");
            loop().transitionDirective(d.id(), DirectiveStatus.BLOCKED, "bench", "policy");
            return http("RetryDirective", "bench-proposer", List.of(), Map.of("directive_id", d.id()), Map.of(), null);
        }, 0.1));
        s.add(new Scenario("DecideApproval", () -> http("DecideApproval", admin, adminScopes,
                Map.of("directive_id", waitingForApproval(waiter)), Map.of(), Map.of("approved", false, "reason", "bench")),
                0.1));
        s.add(new Scenario("GetDirectiveHistory", () -> http("GetDirectiveHistory", Map.of("directive_id", done.id()),
                null)));
        s.add(new Scenario("ListDirectiveExecutions", () -> http("ListDirectiveExecutions",
                Map.of("directive_id", done.id()), null)));
        s.add(new Scenario("GetExecution", () -> http("GetExecution", Map.of("run_id", runId), null)));
        s.add(new Scenario("CancelExecution", () -> http("CancelExecution", Map.of("run_id", runningRun()), null), 0.1));
        s.add(new Scenario("GetArtifact", () -> http("GetArtifact", Map.of("artifact_id", artifact), null)));
        s.add(new Scenario("GetArtifactContent", () -> http("GetArtifactContent", Map.of("artifact_id", artifact), null)));
        s.add(new Scenario("ListArtifacts", () -> http("ListArtifacts", user, List.of(), Map.of(),
                Map.of("directive_id", done.id()), null)));
        s.add(new Scenario("GetLatestDirective", () -> http("GetLatestDirective", user, List.of(), Map.of(),
                Map.of("role", "bench"), null)));
        s.add(new Scenario("ListMemoryExecutions", () -> http("ListMemoryExecutions", user, List.of(), Map.of(),
                Map.of("limit", "10"), null)));
        s.add(new Scenario("ListMemoryArtifacts", () -> http("ListMemoryArtifacts", user, List.of(), Map.of(),
                Map.of("type", "module_output", "limit", "10"), null)));
        llm(s);
    }

    /** The LLM gateway (a scripted agent: the provider costs nothing) and semantic memory (hashing embeddings). */
    private void llm(List<Scenario> s) {
        String pid = process(true);
        s.add(new Scenario("LlmCall", () -> http("LlmCall", Map.of("pid", pid), Map.of("agent", "bench-scripted",
                "messages", List.of(Map.of("role", "user", "content", "Say something short."))))));
        s.add(new Scenario("IndexMemory", () -> http("IndexMemory", Map.of(), Map.of("text", "bench document "
                + id("doc") + " about the staging deployment", "summary", "bench")), 0.1));
        s.add(new Scenario("SearchMemory", () -> http("SearchMemory", user, List.of(), Map.of(),
                Map.of("q", "staging deployment", "top_k", "5"), null)));
    }

    List<Result> run(int warmup, int iterations) throws IOException {
        List<Result> results = new ArrayList<>();
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        for (Scenario sc : scenarios()) {
            FunctionSpec spec = Catalog.function(sc.function()).orElseThrow();
            RequestStreamHandler h = handlers.computeIfAbsent(spec.name(), n -> instantiate(spec));
            int n = Math.max(10, (int) (iterations * sc.share()));
            for (int i = 0; i < Math.max(10, (int) (warmup * sc.share())); i++) {
                check(sc, invoke(h, spec, sc.nextEvent().get()));
            }
            long[] total = new long[n];
            long[] sdk = new long[n];
            long[] over = new long[n];
            long calls = 0;
            for (int i = 0; i < n; i++) {
                byte[] event = sc.nextEvent().get();
                var in = new ByteArrayInputStream(event);
                var out = new ByteArrayOutputStream(4096);
                var ctx = new InProcessContext(spec.name(), 30_000);
                SdkCallTimer.open();
                long t0 = System.nanoTime();
                h.handleRequest(in, out, ctx);
                long t1 = System.nanoTime();
                long[] inside = SdkCallTimer.close();
                check(sc, out.toByteArray());
                total[i] = t1 - t0;
                sdk[i] = inside[0];
                over[i] = total[i] - inside[0];
                calls += inside[1];
            }
            results.add(new Result(sc.function(), Stats.ofNanos(total), Stats.ofNanos(sdk), Stats.ofNanos(over),
                    (double) calls / n));
        }
        return results;
    }

    static RequestStreamHandler instantiate(FunctionSpec spec) {
        try {
            return (RequestStreamHandler) Class.forName(spec.handlerClass()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] invoke(RequestStreamHandler h, FunctionSpec spec, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        h.handleRequest(new ByteArrayInputStream(event), out, new InProcessContext(spec.name(), 30_000));
        return out.toByteArray();
    }

    private static void check(Scenario sc, byte[] response) throws IOException {
        int status = Json.MAPPER.readTree(response).path("statusCode").asInt();
        if (status >= 400) {
            throw new IllegalStateException(sc.function() + " answered " + status + ": " + new String(response));
        }
    }
}
