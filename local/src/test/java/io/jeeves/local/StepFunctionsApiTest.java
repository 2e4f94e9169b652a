package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The Step Functions and Lambda APIs of the local stack, through the unmodified AWS SDK clients: the
 * responses they parse, the exception classes they raise for AWS's error names, and executions that
 * call the catalog's real functions.
 */
class StepFunctionsApiTest {
    private static LocalStack stack;
    private static SfnClient sfn;
    private static LambdaClient lambda;
    private static final BlockingQueue<JsonNode> CALLBACKS = new ArrayBlockingQueue<>(16);

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.ephemeral().start();
        stack.lambdas().register("callback", (in, out, ctx) -> {
            CALLBACKS.add(Json.read(in));
            out.write("{\"queued\":true}".getBytes(StandardCharsets.UTF_8));
        });
        sfn = TestClients.sfn(stack.stepFunctionsUrl());
        lambda = TestClients.lambda(stack.lambdaUrl());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        lambda.close();
        stack.close();
    }

    private static String create(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/test")).stateMachineArn();
    }

    @Test
    void stateMachinesAreCreatedDescribedListedAndDeleted() {
        String definition = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
        String arn = create("crud", definition);
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:crud");
        var d = sfn.describeStateMachine(r -> r.stateMachineArn(arn));
        assertThat(d.definition()).isEqualTo(definition);
        assertThat(d.name()).isEqualTo("crud");
        assertThat(d.typeAsString()).isEqualTo("STANDARD");
        assertThat(d.creationDate()).isNotNull();
        assertThat(sfn.listStateMachines(r -> { }).stateMachines()).anyMatch(m -> m.stateMachineArn().equals(arn));

        String changed = "{\"StartAt\":\"Q\",\"States\":{\"Q\":{\"Type\":\"Succeed\"}}}";
        sfn.updateStateMachine(r -> r.stateMachineArn(arn).definition(changed));
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition()).isEqualTo(changed);

        sfn.deleteStateMachine(r -> r.stateMachineArn(arn));
        assertThatThrownBy(() -> sfn.describeStateMachine(r -> r.stateMachineArn(arn)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void anInvalidDefinitionIsRefusedNamingTheStateAndNothingIsCreated() {
        String bad = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"}}}";
        assertThatThrownBy(() -> create("invalid", bad)).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Nowhere").hasMessageContaining("/States/A");
        assertThat(sfn.listStateMachines(r -> { }).stateMachines()).noneMatch(m -> m.name().equals("invalid"));
        assertThatThrownBy(() -> create("invalid", "not json")).isInstanceOf(InvalidDefinitionException.class);
    }

    @Test
    void unknownMachinesExecutionsAndArnsAreAwsErrors() {
        String machine = "arn:aws:states:us-east-1:000000000000:stateMachine:nope";
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(machine)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(
                "arn:aws:states:us-east-1:000000000000:execution:nope:x"))).isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void executionsRunTheCatalogFunctionsAndNamesAreIdempotent() throws Exception {
        String arn = create("create-process", """
                {"StartAt":"Create","States":{"Create":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:000000000000:function:jeeves-CreateProcess",
                    "Payload":{"pid.$":"$$.Execution.Name","user_id.$":"$.user"}},
                  "OutputPath":"$.Payload","End":true}}}""");
        String input = "{\"user\":\"erin\"}";
        String exec = sfn.startExecution(r -> r.stateMachineArn(arn).name("sfn-proc-1").input(input)).executionArn();
        DescribeExecutionResponse d = TestClients.awaitExecution(sfn, exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = Json.read(d.output());
        assertThat(out.path("pid").asText()).isEqualTo("sfn-proc-1");
        assertThat(out.path("user_id").asText()).isEqualTo("erin");
        assertThat(out.path("state").asText()).isEqualTo("READY");

        // the same name and input while running returns the same execution; a finished one is taken
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(arn).name("sfn-proc-1").input(input)))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(arn)).executions())
                .extracting(e -> e.name()).containsExactly("sfn-proc-1");

        List<HistoryEventType> types = sfn.getExecutionHistory(r -> r.executionArn(exec)).events().stream()
                .map(HistoryEvent::type).toList();
        assertThat(types).containsExactly(HistoryEventType.EXECUTION_STARTED, HistoryEventType.TASK_STATE_ENTERED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_SUCCEEDED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
    }

    @Test
    void aFunctionErrorSurfacesWithItsJavaErrorType() throws Exception {
        String arn = create("get-missing", """
                {"StartAt":"Get","States":{"Get":{"Type":"Task",
                  "Resource":"arn:aws:lambda:us-east-1:000000000000:function:jeeves-GetProcess","End":true}}}""");
        String exec = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"pid\":\"absent\"}")).executionArn();
        DescribeExecutionResponse d = TestClients.awaitExecution(sfn, exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("io.jeeves.error.NotFoundException");
        JsonNode cause = Json.read(d.cause());
        assertThat(cause.path("errorType").asText()).isEqualTo("io.jeeves.error.NotFoundException");
        assertThat(cause.path("errorMessage").asText()).contains("absent");
    }

    @Test
    void malformedInputIsRefusedAndNothingStarts() {
        String arn = create("malformed", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(arn).name("m1").input("{not json")))
                .isInstanceOf(InvalidExecutionInputException.class);
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(arn)).executions()).isEmpty();
    }

    @Test
    void taskTokensCompleteExecutionsOnceAndBadTokensAreRefused() throws Exception {
        String arn = create("callback", """
                {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
                  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"callback","Payload":{"token.$":"$$.Task.Token","q.$":"$.q"}},
                  "ResultPath":"$.answer","End":true}}}""");
        CALLBACKS.clear();
        String exec = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"q\":\"approve?\"}")).executionArn();
        JsonNode call = CALLBACKS.poll(10, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.path("q").asText()).isEqualTo("approve?");
        String token = call.path("token").asText();
        assertThat(sfn.describeExecution(r -> r.executionArn(exec)).status()).isEqualTo(ExecutionStatus.RUNNING);

        assertThatThrownBy(() -> sfn.sendTaskSuccess(r -> r.taskToken("garbage").output("{}")))
                .isInstanceOf(InvalidTokenException.class);
        sfn.sendTaskHeartbeat(r -> r.taskToken(token));
        sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"approved\":true}"));
        DescribeExecutionResponse d = TestClients.awaitExecution(sfn, exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.read(d.output()).path("answer").path("approved").asBoolean()).isTrue();
        // a reused token changes nothing
        assertThatThrownBy(() -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"approved\":false}")))
                .isInstanceOf(TaskDoesNotExistException.class);
        assertThat(Json.read(sfn.describeExecution(r -> r.executionArn(exec)).output()).path("answer")
                .path("approved").asBoolean()).isTrue();
    }

    @Test
    void aStoppedExecutionRefusesItsTaskResult() throws Exception {
        String arn = create("stopped", """
                {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
                  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"callback","Payload":{"token.$":"$$.Task.Token","q":"stop"}},"End":true}}}""");
        CALLBACKS.clear();
        String exec = sfn.startExecution(r -> r.stateMachineArn(arn)).executionArn();
        String token = CALLBACKS.poll(10, TimeUnit.SECONDS).path("token").asText();
        sfn.stopExecution(r -> r.executionArn(exec).error("Operator").cause("no longer needed"));
        DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(exec));
        assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(d.stopDate()).isNotNull();
        assertThatThrownBy(() -> sfn.sendTaskFailure(r -> r.taskToken(token).error("Late")))
                .isInstanceOf(TaskDoesNotExistException.class);
        assertThat(sfn.describeExecution(r -> r.executionArn(exec)).status()).isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void dynamoDbTasksUseTheLocalTablesWithAwsErrorNames() throws Exception {
        String table = stack.substitutions().get("SettingsTableName");
        String arn = create("dynamo", """
                {"StartAt":"Put","States":{
                  "Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Parameters":{"TableName":"%s",
                    "Item":{"key":{"S.$":"$.key"},"value":{"S":"v1"}},"ConditionExpression":"attribute_not_exists(#k)",
                    "ExpressionAttributeNames":{"#k":"key"}},"ResultPath":null,"Next":"Get"},
                  "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"%s",
                    "Key":{"key":{"S.$":"$.key"}}},"ResultSelector":{"value.$":"$.Item.value.S"},"End":true}}}"""
                .formatted(table, table));
        String first = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"key\":\"sfn-test\"}")).executionArn();
        DescribeExecutionResponse ok = TestClients.awaitExecution(sfn, first);
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.read(ok.output()).path("value").asText()).isEqualTo("v1");
        String second = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"key\":\"sfn-test\"}")).executionArn();
        DescribeExecutionResponse failed = TestClients.awaitExecution(sfn, second);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("DynamoDB.ConditionalCheckFailedException");
    }

    @Test
    void theLambdaEndpointInvokesCatalogFunctionsWithLambdaErrors() throws Exception {
        InvokeResponse ok = lambda.invoke(r -> r.functionName("jeeves-GetProcessCounts")
                .payload(SdkBytes.fromUtf8String("{}")));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.functionError()).isNull();
        assertThat(Json.read(ok.payload().asUtf8String()).has("counts_by_state")).isTrue();

        InvokeResponse failed = lambda.invoke(r -> r.functionName(
                "arn:aws:lambda:us-east-1:000000000000:function:jeeves-GetProcess").payload(SdkBytes.fromUtf8String("{}")));
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        JsonNode error = Json.read(failed.payload().asUtf8String());
        assertThat(error.path("errorType").asText()).isEqualTo("io.jeeves.error.InvalidArgumentException");
        assertThat(error.path("stackTrace").isArray()).isTrue();

        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("no-such-function")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(lambda.listFunctions().functions()).anyMatch(f -> f.functionName().equals("jeeves-CreateProcess"));
    }

    @Test
    void aTokenPastItsTimeoutIsTaskTimedOut() throws Exception {
        String arn = create("timeout", """
                {"StartAt":"Ask","States":{
                  "Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","TimeoutSeconds":1,
                    "Parameters":{"FunctionName":"callback","Payload":{"token.$":"$$.Task.Token","q":"late"}},
                    "Catch":[{"ErrorEquals":["States.Timeout"],"ResultPath":"$.timedOut","Next":"Linger"}],"End":true},
                  "Linger":{"Type":"Wait","Seconds":30,"End":true}}}""");
        CALLBACKS.clear();
        String exec = sfn.startExecution(r -> r.stateMachineArn(arn)).executionArn();
        String token = CALLBACKS.poll(10, TimeUnit.SECONDS).path("token").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sfn.getExecutionHistory(r -> r.executionArn(exec)).events().stream()
                .noneMatch(e -> e.type() == HistoryEventType.TASK_TIMED_OUT) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThatThrownBy(() -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}")))
                .isInstanceOf(TaskTimedOutException.class);
        assertThat(sfn.describeExecution(r -> r.executionArn(exec)).status()).isEqualTo(ExecutionStatus.RUNNING);
        sfn.stopExecution(r -> r.executionArn(exec));
    }

    @Test
    void malformedRequestsGetAwsProtocolErrors() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, HttpResponse<String>> call = (target, body) -> {
            try {
                return http.send(HttpRequest.newBuilder(stack.stepFunctionsUrl()).header("X-Amz-Target", target)
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        HttpResponse<String> notJson = call.apply("AWSStepFunctions.StartExecution", "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(Json.read(notJson.body()).path("__type").asText()).endsWith("#SerializationException");
        HttpResponse<String> missing = call.apply("AWSStepFunctions.DescribeExecution", "{}");
        assertThat(Json.read(missing.body()).path("__type").asText()).endsWith("#ValidationException");
        assertThat(Json.read(missing.body()).path("message").asText()).contains("executionArn");
        HttpResponse<String> wrongType = call.apply("AWSStepFunctions.ListExecutions",
                "{\"stateMachineArn\":\"arn:aws:states:us-east-1:000000000000:stateMachine:x\",\"maxResults\":\"ten\"}");
        assertThat(Json.read(wrongType.body()).path("__type").asText()).endsWith("#ValidationException");
        HttpResponse<String> unknown = call.apply("AWSStepFunctions.CreateActivity", "{}");
        assertThat(Json.read(unknown.body()).path("__type").asText()).endsWith("#UnknownOperationException");
        HttpResponse<String> badOutput = call.apply("AWSStepFunctions.SendTaskSuccess",
                "{\"taskToken\":\"x\",\"output\":\"{not json\"}");
        assertThat(Json.read(badOutput.body()).path("__type").asText()).endsWith("#InvalidOutput");
    }
}
