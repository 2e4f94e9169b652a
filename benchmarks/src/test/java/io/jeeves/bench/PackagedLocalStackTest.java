package io.jeeves.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The local stack as {@code run-local.sh} starts it: the packaged jar with its run-time class path, in a JVM of
 * its own (the other tests run on the modules' test class path, which can hide a dependency missing at run time).
 * A directive goes through both governance flows over HTTP.
 */
class PackagedLocalStackTest {
    static final Path JAR = Path.of("..", "local", "target", "jeeves-local.jar");

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void thePackagedStackStartsAndRunsADirectiveThroughBothFlows() throws Exception {
        assertThat(JAR).as("built by the local module's package phase (mvn -B verify at the root)").exists();
        int api = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-XX:+UseSerialGC", "-jar", JAR.toString(), "--in-memory", "--port",
                Integer.toString(api), "--dynamodb-port", Integer.toString(freePort()), "--sqs-port",
                Integer.toString(freePort()), "--s3-port", Integer.toString(freePort()), "--sfn-port",
                Integer.toString(freePort())));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("POWERTOOLS_SERVICE_NAME", "jeeves");
        pb.environment().put("POWERTOOLS_METRICS_NAMESPACE", "Jeeves");
        Process stack = pb.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Boolean> up = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (output) {
                        if (output.length() < 200_000) {
                            output.append(line).append('\n');
                        }
                    }
                    if (line.contains("Jeeves local stack is up")) {
                        up.complete(true);
                    }
                }
            } catch (Exception e) {
                up.completeExceptionally(e);
            }
            up.complete(false);
        });
        reader.setDaemon(true);
        reader.start();
        try {
            boolean started = up.get(180, TimeUnit.SECONDS);
            synchronized (output) {
                assertThat(started).as("the stack did not start:\n" + output).isTrue();
            }
            ApiCalls calls = new ApiCalls(URI.create("http://127.0.0.1:" + api));
            String token = calls.token("alice");
            JsonNode created = calls.ok("POST", "/v1/directives", token, Map.of("role", "ops", "type", "echo", "objective",
                    "say hello", "scope", "test", "budget", "$10", "payload", Map.of("say", "hi"), "propose", true));
            String id = created.path("directive_id").asText();
            String status = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!status.equals("complete") && System.nanoTime() < deadline) {
                status = calls.ok("GET", "/v1/directives/" + id, token, null).path("status").asText();
                Thread.sleep(50);
            }
            assertThat(status).isEqualTo("complete");
            assertThat(calls.ok("GET", "/v1/artifacts?directive_id=" + id, token, null).path("artifacts")).hasSize(5);
        } finally {
            stack.destroy();
            if (!stack.waitFor(20, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }
    }
}
