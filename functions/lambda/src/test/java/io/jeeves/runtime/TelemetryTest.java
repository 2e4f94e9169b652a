package io.jeeves.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.testing.Functions;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/** Every invocation logs with its correlation ids and emits its metrics; a broken metrics backend fails nothing. */
class TelemetryTest {

    @AfterEach
    void restore() {
        MetricsFactory.setMetricsProvider(new EmfMetricsProvider());
    }

    private static void useMetrics(Metrics m) {
        MetricsFactory.setMetricsProvider(new EmfMetricsProvider() {
            @Override
            public Metrics getMetricsInstance() {
                return m;
            }
        });
    }

    @Test
    void aFailingFlushDoesNotFailTheRequest() {
        useMetrics((Metrics) Proxy.newProxyInstance(Metrics.class.getClassLoader(), new Class<?>[] {Metrics.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("flush")) {
                        throw new IllegalArgumentException("Namespace must be specified before flushing metrics");
                    }
                    return null;
                }));
        assertThat(Functions.http("GetQuotaDefaults").as("root", "jeeves/admin").send().status()).isEqualTo(200);
        assertThat(Functions.http("GetProcess").as("alice").path("pid", "absent").send().status()).isEqualTo(404);
    }

    @Test
    void everyInvocationEmitsRequestCountAndDurationByFunctionAndOutcome() {
        List<String> calls = new ArrayList<>();
        useMetrics((Metrics) Proxy.newProxyInstance(Metrics.class.getClassLoader(), new Class<?>[] {Metrics.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "addMetric" -> calls.add("metric " + args[0]);
                        case "addDimension" -> calls.add("dimensions " + ((DimensionSet) args[0]).getDimensions());
                        case "flush" -> calls.add("flush");
                        default -> { }
                    }
                    return null;
                }));
        Functions.http("GetProcess").as("alice").path("pid", "absent-" + UUID.randomUUID()).send();
        assertThat(calls).contains("metric rpc_requests_total", "metric rpc_duration_seconds", "flush");
        assertThat(calls).anyMatch(c -> c.startsWith("dimensions") && c.contains("function=GetProcess")
                && c.contains("outcome=NOT_FOUND"));
    }

    /** The governance metrics carry dimensions of their own (status, module…) beside the function, in EMF. */
    @Test
    void metricsWithTheirOwnDimensionsAreEmittedEachWithThem() throws Exception {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Telemetry t = new Telemetry("FinishRun");
            t.count("directives_total", "status", "complete");
            t.count("module_executions_total", "module_name", "noop", "status", "SUCCESS");
            t.count("execution_failures_total", "failure_type", null);
            t.seconds("execution_duration_seconds", 0.25);
            t.flush("ok");
        } finally {
            System.setOut(out);
        }
        List<com.fasterxml.jackson.databind.JsonNode> docs = new ArrayList<>();
        for (String line : captured.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                docs.add(io.jeeves.json.Json.MAPPER.readTree(line));
            }
        }
        com.fasterxml.jackson.databind.JsonNode directives = docs.stream().filter(d -> d.has("directives_total")).findFirst()
                .orElseThrow(() -> new AssertionError("no directives_total in " + captured));
        assertThat(directives.path("status").asText()).isEqualTo("complete");
        assertThat(directives.path("function").asText()).isEqualTo("FinishRun");
        assertThat(directives.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").get(0).toString())
                .contains("status").contains("function");
        com.fasterxml.jackson.databind.JsonNode modules = docs.stream().filter(d -> d.has("module_executions_total"))
                .findFirst().orElseThrow();
        assertThat(modules.path("module_name").asText()).isEqualTo("noop");
        assertThat(modules.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(docs.stream().filter(d -> d.has("execution_failures_total")).findFirst().orElseThrow()
                .path("failure_type").asText()).as("a missing value is named, not dropped").isEqualTo("none");
    }

    @Test
    void logLinesCarryTheCorrelationIds() {
        List<Map<String, String>> seen = new ArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLoggerName().startsWith("io.jeeves")) {
                    Map<String, String> line = new HashMap<>(event.getContextData().toMap());
                    line.put("message", event.getMessage().getFormattedMessage());
                    seen.add(line);
                }
            }
        };
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        var logger = ctx.getConfiguration().getLoggerConfig("io.jeeves");
        var level = logger.getLevel();
        logger.setLevel(org.apache.logging.log4j.Level.INFO);
        logger.addAppender(capture, null, null);
        ctx.updateLoggers();
        try {
            String pid = "log-" + UUID.randomUUID();
            Functions.http("CreateProcess").as("carol").body(Map.of("pid", pid, "session_id", "s-log")).send();
        } finally {
            logger.removeAppender("capture");
            logger.setLevel(level);
            ctx.updateLoggers();
        }
        assertThat(seen).isNotEmpty();
        Map<String, String> line = seen.get(seen.size() - 1);
        assertThat(line.get("message")).isEqualTo("CreateProcess 201");
        assertThat(line).containsKeys("correlation_id", "function_request_id", "function_name")
                .containsEntry("caller", "carol").containsEntry("function", "CreateProcess")
                .containsEntry("session_id", "s-log");
        assertThat(line.get("pid")).startsWith("log-");
    }
}
