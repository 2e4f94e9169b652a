package io.jeeves.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.runtime.Engine;
import io.jeeves.local.LocalStack;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The governance control loop on the local stack: a directive created with {@code "propose": true} over HTTP
 * (automatic approval, the {@code noop} module) until its execution flow has finished, one at a time and
 * then 20 at once; the time of each step read from the two executions' histories.
 */
final class GovernanceBench {
    static final String APPROVAL = "jeeves-approval";
    static final String EXECUTION = "jeeves-execution";

    /** @param steps median ms per step (state name → ms), in flow order */
    record Result(int directives, long[] endToEndNanos, long[] createNanos, Map<String, Double> steps, int concurrency,
            int concurrentDirectives, double concurrentSeconds, long[] concurrentNanos) {
        double throughput() {
            return concurrentDirectives / concurrentSeconds;
        }
    }

    private final LocalStack stack;
    private final ApiCalls api;

    GovernanceBench(LocalStack stack) {
        this.stack = stack;
        this.api = new ApiCalls(stack.apiUrl());
    }

    private JsonNode call(String method, String path, String token, Object body) throws IOException, InterruptedException {
        return api.ok(method, path, token, body);
    }

    private String token(String sub) throws IOException, InterruptedException {
        return api.token(sub);
    }

    /** One directive, proposed at creation, to the end of its execution flow: {end to end, create} in ns. */
    private long[] one(String token, Map<String, List<Long>> steps) throws Exception {
        Engine engine = stack.engine();
        long started = System.nanoTime();
        JsonNode d = call("POST", "/v1/directives", token, Map.of("role", "bench", "type", "noop", "objective",
                "benchmark", "scope", "test", "budget", "$1", "propose", true));
        long created = System.nanoTime();
        String id = d.path("directive_id").asText();
        String approval = Engine.executionArn(APPROVAL, id + "-p1");
        if (!engine.awaitCompletion(approval, Duration.ofMinutes(1)).status().equals("SUCCEEDED")) {
            throw new IllegalStateException("approval flow of " + id + " did not succeed");
        }
        String execution = Engine.executionArn(EXECUTION, id + "-p1-run");
        if (!engine.awaitCompletion(execution, Duration.ofMinutes(1)).status().equals("SUCCEEDED")) {
            throw new IllegalStateException("execution flow of " + id + " did not succeed");
        }
        long ended = System.nanoTime();
        if (steps != null) {
            stepTimes(engine, approval, "approval.", steps);
            stepTimes(engine, execution, "execution.", steps);
        }
        if (!call("GET", "/v1/directives/" + id, token, null).path("status").asText().equals("complete")) {
            throw new IllegalStateException("directive " + id + " is not complete");
        }
        return new long[] {ended - started, created - started};
    }

    /** Each state's time (entered → exited), from the execution's history. */
    private static void stepTimes(Engine engine, String executionArn, String prefix, Map<String, List<Long>> steps) {
        Map<String, Long> entered = new LinkedHashMap<>();
        for (JsonNode e : engine.history(executionArn, false, 1000, null).items()) {
            String type = e.path("type").asText();
            if (type.endsWith("StateEntered")) {
                entered.put(e.path("stateEnteredEventDetails").path("name").asText(), e.path("timestamp").asLong());
            } else if (type.endsWith("StateExited")) {
                String name = e.path("stateExitedEventDetails").path("name").asText();
                Long at = entered.get(name);
                if (at != null) {
                    steps.computeIfAbsent(prefix + name, k -> new ArrayList<>()).add(e.path("timestamp").asLong() - at);
                }
            }
        }
    }

    Result run(int warmups, int directives, int concurrency, int concurrentDirectives) throws Exception {
        String token = token("bench-governance");
        for (int i = 0; i < warmups; i++) {
            one(token, null);
        }
        long[] endToEnd = new long[directives];
        long[] create = new long[directives];
        Map<String, List<Long>> steps = new ConcurrentHashMap<>();
        for (int i = 0; i < directives; i++) {
            long[] t = one(token, steps);
            endToEnd[i] = t[0];
            create[i] = t[1];
        }
        Map<String, Double> stepMedians = new LinkedHashMap<>();
        for (String prefix : List.of("approval.", "execution.")) {
            steps.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> stepMedians.put(e.getKey(), median(e.getValue())));
        }
        // concurrent callers, each its own user, until the total is done
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger left = new AtomicInteger(concurrentDirectives);
        long[] concurrentNanos = new long[concurrentDirectives];
        AtomicInteger index = new AtomicInteger();
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            tokens.add(token("bench-governance-" + c));
        }
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            String t = tokens.get(c);
            futures.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    concurrentNanos[index.getAndIncrement()] = one(t, null)[0];
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return new Result(directives, endToEnd, create, stepMedians, concurrency, concurrentDirectives, seconds,
                concurrentNanos);
    }

    private static double median(List<Long> values) {
        long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    /** The {@code q} quantile of nanosecond samples, in ms. */
    static double percentile(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }
}
