package io.jeeves.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The process-task flow on LocalStack, as deployed by the CDK app: an execution creates the process,
 * marks it running and hands the task to a worker over SQS with a task token; the test plays the
 * worker (receives, answers with SendTaskSuccess) and sees the execution succeed with the process
 * terminated.
 */
@Testcontainers(disabledWithoutDocker = true)
class ProcessTaskOnLocalStackTest extends OnLocalStack {
    static SfnClient sfn;
    static SqsClient sqs;

    @BeforeAll
    static void clients() {
        sfn = localstack.client(SfnClient.builder());
        sqs = localstack.client(SqsClient.builder());
    }

    @Test
    void aTaskAnsweredByTheWorkerSucceedsAndTerminatesTheProcess() throws Exception {
        String pid = "flow-" + UUID.randomUUID();
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(localstack.output("StateMachineArnProcessTask"))
                .name(pid)
                .input(Json.write(Map.of("user_id", "alice", "capability", "echo", "input", Map.of("text", "hello")))))
                .executionArn();

        String queueUrl = localstack.output("QueueUrlCapabilityTasks");
        Message task = receive(queueUrl, Duration.ofMinutes(5), executionArn);
        JsonNode body = Json.read(task.body());
        assertThat(body.path("pid").asText()).isEqualTo(pid);
        assertThat(body.path("capability").asText()).isEqualTo("echo");
        assertThat(body.path("input").path("text").asText()).isEqualTo("hello");
        assertThat(task.messageAttributes().get("capability").stringValue()).isEqualTo("echo");

        sfn.sendTaskSuccess(r -> r.taskToken(body.path("task_token").asText())
                .output(Json.write(Map.of("output", Map.of("text", "HELLO"), "usage", Map.of("llm_calls", 1)))));
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(task.receiptHandle()));

        DescribeExecutionResponse done = awaitEnd(executionArn, Duration.ofMinutes(5));
        assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.read(done.output());
        assertThat(output.path("pid").asText()).isEqualTo(pid);
        assertThat(output.path("state").asText()).isEqualTo("TERMINATED");
        assertThat(output.path("result").path("output").path("text").asText()).isEqualTo("HELLO");
    }

    /** The task message of this execution (the first Lambda invocations start containers: be patient). */
    private static Message receive(String queueUrl, Duration timeout, String executionArn) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(10)
                    .messageAttributeNames("All")).messages()) {
                if (m.body().contains(executionArn)) {
                    return m;
                }
            }
            DescribeExecutionResponse now = sfn.describeExecution(r -> r.executionArn(executionArn));
            assertThat(now.status()).as("the execution ended before handing out its task: " + now).isEqualTo(ExecutionStatus.RUNNING);
        }
        throw new AssertionError("no task message for " + executionArn + " within " + timeout);
    }

    private static DescribeExecutionResponse awaitEnd(String executionArn, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        DescribeExecutionResponse now = sfn.describeExecution(r -> r.executionArn(executionArn));
        while (now.status() == ExecutionStatus.RUNNING && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            now = sfn.describeExecution(r -> r.executionArn(executionArn));
        }
        return now;
    }
}
