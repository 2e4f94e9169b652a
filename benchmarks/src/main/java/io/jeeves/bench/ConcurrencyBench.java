package io.jeeves.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 64 concurrent callers over HTTP against the local stack: against one process quota (RecordUsage) and
 * one user's rate window (CheckRateLimit). Exactly the limit must be admitted.
 */
final class ConcurrencyBench {
    record Result(String what, int callers, int attempts, int limit, long admitted, long refused, long finalCount,
            double seconds) {
    }

    private final ApiCalls calls;

    ConcurrencyBench(URI api) {
        this.calls = new ApiCalls(api);
    }

    private JsonNode call(String method, String path, String token, Object body) throws IOException, InterruptedException {
        return calls.call(method, path, token, body);
    }

    private String token(String sub, String... scopes) throws IOException, InterruptedException {
        return calls.token(sub, scopes);
    }

    List<Result> run(int callers, int attemptsPerCaller, int quota, int rateLimit) throws Exception {
        String admin = token("bench-admin", "jeeves/admin");
        String user = "conc-" + System.nanoTime();
        String t = token(user);
        call("PUT", "/v1/rate-limits/users/" + user, admin, Map.of("limits", Map.of("burst_size", 1_000_000,
                "requests_per_minute", 1_000_000, "requests_per_hour", 1_000_000, "requests_per_day", 1_000_000)));
        String pid = "conc-p-" + System.nanoTime();
        call("POST", "/v1/processes", t, Map.of("pid", pid, "quota", Map.of("max_tool_calls", quota)));
        List<Result> out = new ArrayList<>();

        long t0 = System.nanoTime();
        List<Integer> usage = fan(callers, attemptsPerCaller,
                () -> call("POST", "/v1/processes/" + pid + "/usage", t, Map.of("tool_calls", 1)).path("_status").asInt());
        double s1 = (System.nanoTime() - t0) / 1e9;
        long finalUsage = call("GET", "/v1/processes/" + pid, t, null).path("usage").path("tool_calls").asLong();
        out.add(new Result("RecordUsage against one quota (max_tool_calls)", callers, usage.size(), quota,
                usage.stream().filter(s -> s == 200).count(), usage.stream().filter(s -> s == 429).count(), finalUsage, s1));

        String limited = "conc-r-" + System.nanoTime();
        call("PUT", "/v1/rate-limits/users/" + limited, admin, Map.of("limits", Map.of("requests_per_minute", rateLimit,
                "burst_size", 1_000_000)));
        String lt = token(limited);
        long t1 = System.nanoTime();
        List<Integer> checks = fan(callers, attemptsPerCaller,
                () -> call("POST", "/v1/rate-limit/check", lt, Map.of()).path("allowed").asBoolean() ? 1 : 0);
        double s2 = (System.nanoTime() - t1) / 1e9;
        long counted = call("POST", "/v1/rate-limit/check", lt, Map.of("record", false)).path("current_count").asLong();
        out.add(new Result("CheckRateLimit against one window (requests_per_minute)", callers, checks.size(), rateLimit,
                checks.stream().filter(a -> a == 1).count(), checks.stream().filter(a -> a == 0).count(), counted, s2));
        return out;
    }

    private static List<Integer> fan(int callers, int each, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Integer>>> fs = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(call.call());
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : fs) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
