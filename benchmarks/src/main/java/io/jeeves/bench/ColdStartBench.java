package io.jeeves.bench;

import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.catalog.TableSpec;
import io.jeeves.json.Json;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.ProcessService.CreateRequest;
import io.jeeves.runtime.FunctionContext;
import io.jeeves.runtime.HttpApiEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: a fresh JVM (with Lambda's flags) from process start to the first RPC response, for a
 * real function against DynamoDB Local, and for an empty handler that starts the same Micronaut context,
 * on the same classpath (the deployed jar), alternating run by run.
 */
final class ColdStartBench {
    static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto");

    /**
     * @param canonicalMillis median of the empty Micronaut Lambda handler (MicronautRequestHandler)
     * @param bareMillis median of a handler that only starts the functions' Micronaut context
     */
    record Result(String function, int runs, double medianMillis, double canonicalMillis, double bareMillis) {
        double ratio() {
            return medianMillis / canonicalMillis;
        }

        double bareRatio() {
            return medianMillis / bareMillis;
        }
    }

    private final Path lambdaJar;
    private final Path baselineJar;
    private final Path probeDir;
    private final URI dynamoDb;
    private final Path work;

    ColdStartBench(Path lambdaJar, Path baselineJar, URI dynamoDb) throws IOException {
        this.lambdaJar = lambdaJar;
        this.baselineJar = baselineJar;
        this.dynamoDb = dynamoDb;
        this.work = Files.createTempDirectory("jeeves-cold");
        this.probeDir = work.resolve("probe");
        // only the probe and the bare baseline, not this module's SDK interceptor registration
        for (String name : List.of("ColdStartProbe", "ColdStartProbe$1", "ColdStartProbe$1$1", "EmptyMicronautHandler")) {
            String file = "io/jeeves/bench/" + name + ".class";
            Path target = probeDir.resolve(file);
            Files.createDirectories(target.getParent());
            try (var in = ColdStartBench.class.getClassLoader().getResourceAsStream(file)) {
                Files.copy(in, target);
            }
        }
    }

    List<Result> run(List<String> functions, int runs) throws Exception {
        Kernel kernel = FunctionContext.bean(Kernel.class);
        Caller system = Caller.system();
        kernel.rateLimits().updateUser(system, "cold-user", Map.of("burst_size", 100_000, "requests_per_minute", 100_000));
        kernel.processes().create(system, new CreateRequest("cold-1", null, "cold-user", null, null,
                Map.of("max_llm_calls", Integer.MAX_VALUE), true));
        List<Result> results = new ArrayList<>();
        for (String function : functions) {
            List<Long> ours = new ArrayList<>();
            List<Long> canonical = new ArrayList<>();
            List<Long> bare = new ArrayList<>();
            String handler = Catalog.function(function).orElseThrow().handlerClass();
            for (int i = 0; i < runs + 2; i++) {
                Path event = event(function, i);
                long a = spawn(lambdaJar, handler, event);
                long b = spawn(baselineJar, "io.jeeves.bench.baseline.EmptyMicronautLambda", event);
                long c = spawn(lambdaJar, EmptyMicronautHandler.class.getName(), event);
                if (i >= 2) { // the first rounds warm the page cache
                    ours.add(a);
                    canonical.add(b);
                    bare.add(c);
                }
            }
            results.add(new Result(function, runs, median(ours) / 1e6, median(canonical) / 1e6, median(bare) / 1e6));
        }
        return results;
    }

    private Path event(String function, int i) throws IOException {
        RouteSpec route = Catalog.function(function).orElseThrow().routes().get(0);
        HttpApiEvent e = new HttpApiEvent().caller("cold-user", List.of(), route);
        switch (function) {
            case "GetProcess" -> e.route(route, Map.of("pid", "cold-1"));
            case "CreateProcess" -> e.route(route, Map.of()).body(Json.write(Map.of("pid", "cold-c-" + System.nanoTime())));
            case "RecordUsage" -> e.route(route, Map.of("pid", "cold-1")).body(Json.write(Map.of("llm_calls", 1)));
            default -> throw new IllegalArgumentException(function);
        }
        Path file = work.resolve(function + "-" + i + ".json");
        Files.write(file, Json.writeBytes(e.toJson()));
        return file;
    }

    /** Nanoseconds from process start to the probe's marker. */
    private long spawn(Path jar, String handlerClass, Path event) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(List.of("-cp", jar + java.io.File.pathSeparator + probeDir, ColdStartProbe.class.getName(),
                handlerClass, event.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("AWS_REGION", "us-east-1");
        env.put("POWERTOOLS_SERVICE_NAME", "jeeves");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Jeeves");
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        env.put("_HANDLER", handlerClass + "::handleRequest"); // as Lambda sets it
        env.put("JEEVES_DYNAMODB_ENDPOINT", dynamoDb.toString());
        for (TableSpec t : Catalog.tables()) {
            env.put(t.envVar(), "jeeves-" + t.id());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = err.readLine()) != null) {
                if (line.startsWith("jeeves-probe-done")) {
                    long t1 = System.nanoTime();
                    if (line.contains("\"statusCode\":4") || line.contains("\"statusCode\":5")) {
                        throw new IllegalStateException(handlerClass + " failed: " + line);
                    }
                    p.waitFor(10, TimeUnit.SECONDS);
                    return t1 - t0;
                }
                seen.append(line).append('\n');
            }
            throw new IllegalStateException(handlerClass + " printed no marker:\n" + seen);
        } finally {
            p.destroyForcibly();
        }
    }

    private static double median(List<Long> xs) {
        long[] a = xs.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }
}
