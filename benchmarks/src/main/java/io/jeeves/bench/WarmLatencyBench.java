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

/**
 * Warm latency of each handler against the DynamoDB calls it makes, measured in the same invocation:
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
                Map.of("max_llm_calls", Integer.MAX_VALUE, "max_input_tokens", Integer.MAX_VALUE), schedule));
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
        return s;
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
