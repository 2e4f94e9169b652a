package io.jeeves.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.local.LocalStack;
import io.jeeves.local.TestClients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * The whole corpus through the Step Functions API of the local stack, as the AWS CLI runs it: create the
 * state machine, start, poll DescribeExecution, delete; executions persisted in DynamoDB Local; the
 * corpus's functions registered as in-process Lambdas (flaky reset before each execution).
 */
class CorpusOverApiTest {
    private static LocalStack stack;
    private static SfnClient sfn;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.ephemeral();
        CorpusFunctions.register(stack.lambdas());
        stack.start();
        sfn = TestClients.sfn(stack.stepFunctionsUrl());
        lambda = TestClients.lambda(stack.lambdaUrl());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        lambda.close();
        stack.close();
    }

    /**
     * Machines that share state run one at a time: the flaky function's call count (reset before each), and
     * the machines whose Context Object names the state machine "corpus". The others all start at once.
     */
    private static boolean sequential(Corpus.Case c) {
        return c.context() != null || c.definition().contains("function:flaky") || c.definition().contains("\"flaky\"");
    }

    private static final Map<String, String[]> STARTED = new ConcurrentHashMap<>();

    /** Creates the machine and starts the execution; returns {machine ARN, execution ARN}. */
    private static String[] startCase(Corpus.Case c) {
        JsonNode ctx = c.context();
        String machineName = ctx == null ? "corpus-" + c.name().substring(0, 3) : ctx.path("StateMachine").path("Name").asText();
        String role = ctx == null ? "arn:aws:iam::000000000000:role/corpus" : ctx.path("Execution").path("RoleArn").asText();
        String arn = sfn.createStateMachine(r -> r.name(machineName).definition(c.definition()).roleArn(role))
                .stateMachineArn();
        String exec = sfn.startExecution(r -> r.stateMachineArn(arn).input(Json.write(c.input()))
                .name(ctx == null ? null : ctx.path("Execution").path("Name").asText())).executionArn();
        return new String[] {arn, exec};
    }

    @TestFactory
    Stream<DynamicTest> corpusOverTheApi() {
        List<Corpus.Case> cases = Corpus.load();
        cases.stream().filter(c -> !sequential(c)).forEach(c -> STARTED.put(c.name(), startCase(c)));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String[] started = STARTED.get(c.name());
            if (started == null) {
                lambda.invoke(r -> r.functionName("corpus-reset").payload(SdkBytes.fromUtf8String("{}")));
                started = startCase(c);
            }
            String exec = started[1];
            try {
                DescribeExecutionResponse d = TestClients.awaitExecution(sfn, exec);
                Corpus.Case expected = c;
                JsonNode ctx = c.context();
                if (ctx != null) { // the start time is the service's: expect this execution's own
                    String startTime = Instant.ofEpochMilli(d.startDate().toEpochMilli()).toString();
                    expected = new Corpus.Case(c.name(), c.definition(), c.input(), ctx, Json.read(Json.write(c.expected())
                            .replace(ctx.path("Execution").path("StartTime").asText(), startTime)));
                }
                JsonNode output = d.output() == null ? null : Json.read(d.output());
                assertThat(Corpus.differences(expected, d.statusAsString(), output, d.error(), d.cause())).isEmpty();
            } finally {
                String machine = started[0];
                sfn.deleteStateMachine(r -> r.stateMachineArn(machine));
            }
        }));
    }
}
