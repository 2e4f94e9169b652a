package io.jeeves.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.runtime.Engine;
import io.jeeves.asl.runtime.ExecutionRecord;
import io.jeeves.asl.runtime.InMemoryExecutionStore;
import io.jeeves.json.Json;
import io.jeeves.local.LocalStack;
import io.jeeves.local.sfn.LambdaTasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Our Step Functions engine against aws-local-stepfunctions on the same definitions, side by side in one
 * run: a 1,000-state Pass chain, a Choice loop of 1,000 iterations, and a Map of 1,000 items over an
 * in-process no-op Lambda with MaxConcurrency 10. Ours runs in the local stack with durability on (every
 * execution saved to DynamoDB Local, history included) and its Lambda tasks go through the function
 * registry with Lambda's JSON (de)serialisation; the tool runs in-memory with a JavaScript no-op.
 */
final class SfnBench {
    static final String NOOP = "bench-noop";

    /** One definition's figures; times in ms (medians of the runs), transitions per execution. */
    /** @param memoryMillis ours again with an in-memory store: the engine alone, without durability */
    record Result(String name, long transitions, double oursMillis, double memoryMillis, double theirsMillis,
            String theirsStatus) {
        double oursPerSecond() {
            return transitions / (oursMillis / 1000.0);
        }

        double theirsPerSecond() {
            return transitions / (theirsMillis / 1000.0);
        }
    }

    private final LocalStack stack;
    private final Path work;
    private final Path node;

    SfnBench(LocalStack stack, Path work, Path node) {
        this.stack = stack;
        this.work = work;
        this.node = node;
    }

    /** The three definitions with their inputs. */
    static Map<String, ObjectNode[]> definitions() {
        Map<String, ObjectNode[]> d = new LinkedHashMap<>();
        ObjectNode chain = Json.object();
        chain.put("StartAt", "S0");
        ObjectNode states = chain.putObject("States");
        for (int i = 0; i < 1000; i++) {
            ObjectNode s = states.putObject("S" + i).put("Type", "Pass");
            if (i < 999) {
                s.put("Next", "S" + (i + 1));
            } else {
                s.put("End", true);
            }
        }
        d.put("pass-chain-1000", new ObjectNode[] {chain, Json.object().put("n", 0)});

        ObjectNode loop = read("""
                {"StartAt":"Increment","States":{
                  "Increment":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Check"},
                  "Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":1000,"Next":"Increment"}],
                    "Default":"Done"},
                  "Done":{"Type":"Succeed"}}}""");
        d.put("choice-loop-1000", new ObjectNode[] {loop, Json.object().put("i", 0)});

        ObjectNode map = read("""
                {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":10,
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Noop","States":{
                    "Noop":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:%s","End":true}}},
                  "ResultPath":null,"End":true}}}""".formatted(NOOP));
        ObjectNode items = Json.object();
        ArrayNode list = items.putArray("items");
        for (int i = 0; i < 1000; i++) {
            list.add(i);
        }
        d.put("map-1000-noop-lambda", new ObjectNode[] {map, items});
        return d;
    }

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) Json.read(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Result> run(int warmups, int runs) throws Exception {
        stack.lambdas().register(NOOP, (in, out, ctx) -> in.transferTo(out));
        Files.createDirectories(work);
        Map<String, ObjectNode[]> defs = definitions();
        for (var e : defs.entrySet()) {
            Files.writeString(work.resolve(e.getKey() + ".asl.json"), Json.write(e.getValue()[0]));
            Files.writeString(work.resolve(e.getKey() + ".input.json"), Json.write(e.getValue()[1]));
        }
        Map<String, double[]> ours = new LinkedHashMap<>();
        Map<String, double[]> memory = new LinkedHashMap<>();
        Map<String, Long> transitions = new LinkedHashMap<>();
        Engine engine = stack.engine();
        for (var e : defs.entrySet()) {
            String machine = engine.createStateMachine("bench-" + e.getKey(), Json.write(e.getValue()[0]), null, null).arn();
            String input = Json.write(e.getValue()[1]);
            double[] millis = new double[runs];
            String last = null;
            for (int i = 0; i < warmups + runs; i++) {
                long started = System.nanoTime();
                ExecutionRecord r = engine.startExecution(machine, null, input);
                r = engine.awaitCompletion(r.arn(), Duration.ofMinutes(5));
                long elapsed = System.nanoTime() - started;
                if (!r.status().equals("SUCCEEDED")) {
                    throw new IllegalStateException(e.getKey() + ": " + r.status() + " " + r.error() + " " + r.cause());
                }
                if (i >= warmups) {
                    millis[i - warmups] = elapsed / 1e6;
                }
                last = r.arn();
            }
            ours.put(e.getKey(), millis);
            transitions.put(e.getKey(), stateTransitions(engine, last));
            memory.put(e.getKey(), inMemory(Json.write(e.getValue()[0]), input, warmups, runs));
        }
        JsonNode theirs = runTool(warmups, runs);
        List<Result> results = new ArrayList<>();
        for (String name : defs.keySet()) {
            JsonNode t = theirs.path(name);
            double[] tm = new double[t.path("millis").size()];
            for (int i = 0; i < tm.length; i++) {
                tm[i] = t.path("millis").get(i).asDouble();
            }
            results.add(new Result(name, transitions.get(name), median(ours.get(name)), median(memory.get(name)), median(tm),
                    t.path("status").asText("not run")));
        }
        return results;
    }

    /**
     * The same executions on an engine whose store is in memory: what the engine itself costs. A fresh
     * engine per execution, so that no run pays for the garbage of the runs before it.
     */
    private double[] inMemory(String definition, String input, int warmups, int runs) throws Exception {
        double[] millis = new double[runs];
        for (int i = 0; i < warmups + runs; i++) {
            try (Engine engine = new Engine(new InMemoryExecutionStore(),
                    Map.of("lambda", new LambdaTasks(stack.lambdas())), Clock.systemUTC(), 64)) {
                String machine = engine.createStateMachine("bench-memory", definition, null, null).arn();
                long started = System.nanoTime();
                ExecutionRecord r = engine.awaitCompletion(engine.startExecution(machine, null, input).arn(),
                        Duration.ofMinutes(5));
                long elapsed = System.nanoTime() - started;
                if (!r.status().equals("SUCCEEDED")) {
                    throw new IllegalStateException("in memory: " + r.status() + " " + r.error() + " " + r.cause());
                }
                if (i >= warmups) {
                    millis[i - warmups] = elapsed / 1e6;
                }
            }
        }
        return millis;
    }

    /** States entered by an execution, from its history (the same count for both engines). */
    private static long stateTransitions(Engine engine, String executionArn) {
        long entered = 0;
        String next = null;
        do {
            var page = engine.history(executionArn, false, 1000, next);
            entered += page.items().stream().filter(ev -> ev.path("type").asText().endsWith("StateEntered")).count();
            next = page.nextToken();
        } while (next != null);
        return entered;
    }

    private JsonNode runTool(int warmups, int runs) throws Exception {
        Path script = Path.of("benchmarks", "sfn", "alsf-bench.mjs").toAbsolutePath();
        Process p = new ProcessBuilder(node.toString(), script.toString(), work.toAbsolutePath().toString(),
                Integer.toString(warmups), Integer.toString(runs)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("aws-local-stepfunctions run failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return Json.read(new String(out, StandardCharsets.UTF_8));
    }

    static double median(double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
