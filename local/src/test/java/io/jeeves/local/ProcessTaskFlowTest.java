package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.runtime.Engine;
import io.jeeves.catalog.Catalog;
import io.jeeves.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * statemachines/process-task.asl.json as loaded by the local stack: the kernel's functions create and
 * run a process, the task travels on the capability-tasks queue with a task token, a worker (the test,
 * or a Lambda subscribed by an event-source mapping) answers, usage is recorded against the quota and
 * the process ends with the outcome.
 */
class ProcessTaskFlowTest {
    private static LocalStack stack;
    private static SfnClient sfn;
    private static SqsClient sqs;
    private static LambdaClient lambda;
    private static String machine;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.ephemeral().start();
        sfn = TestClients.sfn(stack.stepFunctionsUrl());
        lambda = TestClients.lambda(stack.lambdaUrl());
        sqs = TestClients.sqs(java.net.URI.create(stack.endpoints().path("sqs").asText()));
        machine = Engine.stateMachineArn("jeeves-process-task");
    }

    @AfterAll
    static void stop() {
        sfn.close();
        sqs.close();
        lambda.close();
        stack.close();
    }

    /** The next capability task for {@code pid}, received as a worker would. */
    private static Message receiveTask(String pid) {
        String url = stack.queueUrl(Catalog.CAPABILITY_TASKS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1).maxNumberOfMessages(10)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages()) {
                if (body(m).path("pid").asText().equals(pid)) {
                    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                    return m;
                }
                sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            }
        }
        throw new AssertionError("no capability task for " + pid);
    }

    private static JsonNode body(Message m) {
        try {
            return Json.read(m.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode process(String pid) throws Exception {
        var r = lambda.invoke(i -> i.functionName("jeeves-GetProcess").payload(SdkBytes.fromUtf8String(
                "{\"pid\":\"" + pid + "\"}")));
        assertThat(r.functionError()).isNull();
        return Json.read(r.payload().asUtf8String());
    }

    @Test
    void theStateMachineIsLoadedWithTheLocalSubstitutions() {
        String definition = sfn.describeStateMachine(r -> r.stateMachineArn(machine)).definition();
        assertThat(definition).doesNotContain("${")
                .contains("arn:aws:lambda:us-east-1:000000000000:function:jeeves-CreateProcess")
                .contains(stack.queueUrl(Catalog.CAPABILITY_TASKS));
    }

    @Test
    void aWorkerCompletesTheTaskAndUsageIsRecorded() throws Exception {
        String exec = sfn.startExecution(r -> r.stateMachineArn(machine).name("flow-ok")
                .input("{\"user_id\":\"fiona\",\"capability\":\"summarise\",\"input\":{\"text\":\"hello\"}}")).executionArn();
        Message task = receiveTask("flow-ok");
        JsonNode body = body(task);
        assertThat(body.path("capability").asText()).isEqualTo("summarise");
        assertThat(body.path("input").path("text").asText()).isEqualTo("hello");
        assertThat(body.path("execution_arn").asText()).isEqualTo(exec);
        assertThat(task.messageAttributes().get("capability").stringValue()).isEqualTo("summarise");
        assertThat(process("flow-ok").path("state").asText()).isEqualTo("RUNNING");

        sfn.sendTaskSuccess(r -> r.taskToken(body.path("task_token").asText())
                .output("{\"output\":{\"summary\":\"hi\"},\"usage\":{\"tool_calls\":2,\"tokens_in\":40}}"));
        DescribeExecutionResponse d = TestClients.awaitExecution(sfn, exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = Json.read(d.output());
        assertThat(out.path("pid").asText()).isEqualTo("flow-ok");
        assertThat(out.path("state").asText()).isEqualTo("TERMINATED");
        assertThat(out.path("result").path("output").path("summary").asText()).isEqualTo("hi");
        JsonNode p = process("flow-ok");
        assertThat(p.path("state").asText()).isEqualTo("TERMINATED");
        assertThat(p.path("reason").asText()).isEqualTo("completed");
        assertThat(p.path("usage").path("tool_calls").asLong()).isEqualTo(2);
        assertThat(p.path("usage").path("tokens_in").asLong()).isEqualTo(40);
    }

    @Test
    void aFailedTaskTerminatesTheProcessAndFailsTheExecution() throws Exception {
        String exec = sfn.startExecution(r -> r.stateMachineArn(machine).name("flow-fail")
                .input("{\"user_id\":\"fiona\",\"capability\":\"summarise\"}")).executionArn();
        String token = body(receiveTask("flow-fail")).path("task_token").asText();
        sfn.sendTaskFailure(r -> r.taskToken(token).error("Capability.Crashed").cause("out of memory"));
        DescribeExecutionResponse d = TestClients.awaitExecution(sfn, exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Capability.Crashed");
        assertThat(d.cause()).isEqualTo("out of memory");
        JsonNode p = process("flow-fail");
        assertThat(p.path("state").asText()).isEqualTo("TERMINATED");
        assertThat(p.path("reason").asText()).isEqualTo("failed: Capability.Crashed");
    }

    @Test
    void usageBeyondTheQuotaIsRefusedAndFailsTheRun() throws Exception {
        String exec = sfn.startExecution(r -> r.stateMachineArn(machine).name("flow-quota")
                .input("{\"user_id\":\"fiona\",\"capability\":\"search\"}")).executionArn();
        String token = body(receiveTask("flow-quota")).path("task_token").asText();
        sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"usage\":{\"tool_calls\":1000000}}"));
        DescribeExecutionResponse d = TestClients.awaitExecution(sfn, exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("io.jeeves.error.ResourceExhaustedException");
        JsonNode p = process("flow-quota");
        assertThat(p.path("state").asText()).isEqualTo("TERMINATED");
        assertThat(p.path("usage").path("tool_calls").asLong()).isZero(); // refused as a whole
    }

    @Test
    void aWorkerLambdaOnAnEventSourceMappingCompletesTasks() throws Exception {
        SfnClient workerSfn = sfn;
        stack.lambdas().register("capability-worker", (in, out, ctx) -> {
            JsonNode event = Json.read(in);
            ArrayNode failures = Json.MAPPER.createArrayNode();
            for (JsonNode record : event.path("Records")) {
                JsonNode task = Json.read(record.path("body").asText());
                if (!task.path("pid").asText().startsWith("esm-")) {
                    failures.addObject().put("itemIdentifier", record.path("messageId").asText());
                    continue;
                }
                String output = Json.write(Json.object().put("echo", task.path("capability").asText()));
                workerSfn.sendTaskSuccess(r -> r.taskToken(task.path("task_token").asText()).output(
                        "{\"output\":" + output + "}"));
            }
            ObjectNode response = Json.object();
            response.set("batchItemFailures", failures);
            out.write(Json.writeBytes(response));
        });
        // a queue of its own, so the other tests' tasks are not consumed
        String queue = stack.createQueue("esm-tasks", 30);
        stack.subscribe(queue, "capability-worker", 5, 0, true);
        String arn = sfn.createStateMachine(r -> r.name("esm-flow").roleArn("arn:aws:iam::000000000000:role/t").definition(
                ("{\"StartAt\":\"Send\",\"States\":{\"Send\":{\"Type\":\"Task\",\"Resource\":"
                        + "\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Parameters\":{\"QueueUrl\":\"%s\","
                        + "\"MessageBody\":{\"task_token.$\":\"$$.Task.Token\",\"pid.$\":\"$$.Execution.Name\","
                        + "\"capability.$\":\"$.capability\"}},\"TimeoutSeconds\":30,\"End\":true}}}").formatted(queue)))
                .stateMachineArn();
        List<String> executions = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            executions.add(sfn.startExecution(r -> r.stateMachineArn(arn).name("esm-" + n)
                    .input("{\"capability\":\"c" + n + "\"}")).executionArn());
        }
        for (int i = 0; i < executions.size(); i++) {
            DescribeExecutionResponse d = TestClients.awaitExecution(sfn, executions.get(i));
            assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.read(d.output()).path("output").path("echo").asText()).isEqualTo("c" + i);
        }
        assertThat(new String(Json.writeBytes(stack.endpoints().path("queues")), StandardCharsets.UTF_8))
                .contains(Catalog.CAPABILITY_TASKS_DLQ);
    }
}
