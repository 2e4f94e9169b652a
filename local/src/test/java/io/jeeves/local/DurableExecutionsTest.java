package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Executions outlive the local stack: ones waiting on a task token, a Wait state or a retry are saved in
 * the Step Functions journal ({@code <data>/sfn}) and resume after a restart on the same data folder; no
 * task runs twice.
 */
class DurableExecutionsTest {
    @TempDir
    Path data;

    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private LocalStack stack() {
        LocalStack stack = new LocalStack(LocalOptions.ephemeral().withData(data));
        stack.lambdas().register("ask", (in, out, ctx) -> {
            calls.computeIfAbsent("ask", k -> new AtomicInteger()).incrementAndGet();
            tokens.add(Json.read(in).path("token").asText());
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        });
        stack.lambdas().register("flaky", (in, out, ctx) -> {
            if (calls.computeIfAbsent("flaky", k -> new AtomicInteger()).incrementAndGet() == 1) {
                throw new IllegalStateException("first call fails");
            }
            out.write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        });
        stack.lambdas().register("count", (in, out, ctx) -> {
            calls.computeIfAbsent("count", k -> new AtomicInteger()).incrementAndGet();
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        });
        return stack;
    }

    @Test
    void waitingExecutionsResumeAfterARestartAndNothingRunsTwice() throws Exception {
        String tokenExec;
        String waitExec;
        String retryExec;
        try (LocalStack first = stack().start(); SfnClient sfn = TestClients.sfn(first.stepFunctionsUrl())) {
            String tokenMachine = sfn.createStateMachine(r -> r.name("durable-token").roleArn("arn:aws:iam::000000000000:role/t")
                    .definition("""
                            {"StartAt":"Count","States":{
                              "Count":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:count","ResultPath":null,"Next":"Ask"},
                              "Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                                "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},"ResultPath":"$.answer","End":true}}}""")).stateMachineArn();
            String waitMachine = sfn.createStateMachine(r -> r.name("durable-wait").roleArn("arn:aws:iam::000000000000:role/t")
                    .definition("""
                            {"StartAt":"Sleep","States":{"Sleep":{"Type":"Wait","Seconds":3,"Next":"Done"},
                              "Done":{"Type":"Pass","Result":"woke","End":true}}}""")).stateMachineArn();
            String retryMachine = sfn.createStateMachine(r -> r.name("durable-retry").roleArn("arn:aws:iam::000000000000:role/t")
                    .definition("""
                            {"StartAt":"Try","States":{"Try":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:flaky",
                              "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":2}],"End":true}}}""")).stateMachineArn();
            tokenExec = sfn.startExecution(r -> r.stateMachineArn(tokenMachine).input("{\"q\":1}")).executionArn();
            waitExec = sfn.startExecution(r -> r.stateMachineArn(waitMachine)).executionArn();
            retryExec = sfn.startExecution(r -> r.stateMachineArn(retryMachine)).executionArn();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((tokens.isEmpty() || calls.getOrDefault("flaky", new AtomicInteger()).get() == 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(tokens).hasSize(1);
            assertThat(calls.get("flaky").get()).isEqualTo(1);
        }
        try (var segments = Files.list(data.resolve("sfn").resolve("log"))) {
            List<Path> files = segments.toList();
            assertThat(files).as("one log segment for the run").hasSize(1);
            assertThat(Files.readString(files.get(0), StandardCharsets.ISO_8859_1))
                    .contains(tokenExec, waitExec, retryExec, "\"status\":\"RUNNING\"", "ExecutionStarted");
        }

        try (LocalStack second = stack().start(); SfnClient sfn = TestClients.sfn(second.stepFunctionsUrl())) {
            String token = tokens.get(0);
            assertThat(sfn.describeExecution(r -> r.executionArn(tokenExec)).status()).isEqualTo(ExecutionStatus.RUNNING);
            sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"yes\":true}"));
            DescribeExecutionResponse answered = TestClients.awaitExecution(sfn, tokenExec);
            assertThat(answered.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode out = Json.read(answered.output());
            assertThat(out.path("q").asInt()).isEqualTo(1);
            assertThat(out.path("answer").path("yes").asBoolean()).isTrue();

            DescribeExecutionResponse woke = TestClients.awaitExecution(sfn, waitExec);
            assertThat(woke.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(woke.output()).isEqualTo("\"woke\"");

            DescribeExecutionResponse retried = TestClients.awaitExecution(sfn, retryExec);
            assertThat(retried.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(retried.output()).isEqualTo("{\"ok\":true}");

            // each task ran exactly as often as the definition says: none was repeated by the restart
            assertThat(calls.get("count").get()).isEqualTo(1);
            assertThat(calls.get("ask").get()).isEqualTo(1);
            assertThat(calls.get("flaky").get()).isEqualTo(2);
            List<HistoryEventType> types = sfn.getExecutionHistory(r -> r.executionArn(tokenExec)).events().stream()
                    .map(e -> e.type()).toList();
            assertThat(types.stream().filter(t -> t == HistoryEventType.TASK_SCHEDULED).count()).isEqualTo(1);
            assertThat(types.stream().filter(t -> t == HistoryEventType.LAMBDA_FUNCTION_SCHEDULED).count()).isEqualTo(1);
            assertThat(types).endsWith(HistoryEventType.EXECUTION_SUCCEEDED);
        }
    }
}
