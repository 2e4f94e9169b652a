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
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
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
 * execution saved to its journal log, history included) and its Lambda tasks go through the function
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

    /**
     * Runs each definition {@code warmups + runs} times on each side, interleaved (ours durable, ours in memory,
     * the tool, each round starting with the next of them), so that a noisy moment of the machine, and the
     * aftermath of a run (a GC, the kernel writing back pages), falls on all three alike.
     */
    List<Result> run(int warmups, int runs) throws Exception {
        stack.lambdas().register(NOOP, (in, out, ctx) -> in.transferTo(out));
        Files.createDirectories(work);
        Map<String, ObjectNode[]> defs = definitions();
        for (var e : defs.entrySet()) {
            Files.writeString(work.resolve(e.getKey() + ".asl.json"), Json.write(e.getValue()[0]));
            Files.writeString(work.resolve(e.getKey() + ".input.json"), Json.write(e.getValue()[1]));
        }
        List<Result> results = new ArrayList<>();
        Engine engine = stack.engine();
        try (Tool tool = new Tool()) {
            for (var e : defs.entrySet()) {
                String name = e.getKey();
                String definition = Json.write(e.getValue()[0]);
                String input = Json.write(e.getValue()[1]);
                String machine = engine.createStateMachine("bench-" + name, definition, null, null).arn();
                double[] ours = new double[runs];
                double[] memory = new double[runs];
                double[] theirs = new double[runs];
                String last = null;
                String theirsStatus = "SUCCEEDED";
                for (int i = 0; i < warmups + runs; i++) {
                    double durable = 0;
                    double inMemory = 0;
                    JsonNode t = null;
                    // the three in turn, starting with each in turn: each side follows each other side as often
                    for (int k = 0; k < 3; k++) {
                        switch ((i + k) % 3) {
                            case 0 -> {
                                long started = System.nanoTime();
                                ExecutionRecord r = engine.awaitCompletion(engine.startExecution(machine, null, input)
                                        .arn(), Duration.ofMinutes(5));
                                durable = (System.nanoTime() - started) / 1e6;
                                if (!r.status().equals("SUCCEEDED")) {
                                    throw new IllegalStateException(name + ": " + r.status() + " " + r.error() + " "
                                            + r.cause());
                                }
                                last = r.arn();
                            }
                            case 1 -> inMemory = inMemory(definition, input);
                            default -> t = tool.run(name);
                        }
                    }
                    if (!t.path("status").asText().equals("SUCCEEDED")) {
                        theirsStatus = t.path("status").asText();
                    }
                    if (i >= warmups) {
                        ours[i - warmups] = durable;
                        memory[i - warmups] = inMemory;
                        theirs[i - warmups] = t.path("millis").asDouble();
                    }
                }
                results.add(new Result(name, stateTransitions(engine, last), median(ours), median(memory), median(theirs),
                        theirsStatus));
            }
        }
        return results;
    }

    /**
     * One execution on an engine whose store is in memory: what the engine itself costs, in ms. A fresh engine
     * each time, so that no run pays for the garbage of the runs before it.
     */
    private double inMemory(String definition, String input) throws Exception {
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
            return elapsed / 1e6;
        }
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

    /** aws-local-stepfunctions in a Node process of its own, running one execution per request. */
    private final class Tool implements AutoCloseable {
        private final Process process;
        private final BufferedWriter requests;
        private final BufferedReader answers;

        Tool() throws IOException {
            Path script = Path.of("benchmarks", "sfn", "alsf-bench.mjs").toAbsolutePath();
            process = new ProcessBuilder(node.toString(), script.toString(), work.toAbsolutePath().toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Runs the definition once: {"millis": …, "status": …}. */
        JsonNode run(String name) throws IOException, InterruptedException {
            requests.write(name);
            requests.newLine();
            requests.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new IllegalStateException("aws-local-stepfunctions stopped (exit " + process.waitFor(10, TimeUnit.SECONDS) + ")");
            }
            return Json.read(answer);
        }

        @Override
        public void close() throws Exception {
            requests.close();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
