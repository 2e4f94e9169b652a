package io.jeeves.asl.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Features the conformance corpus cannot hold (it has no time-outs, tokens or nested executions, since its
 * expectations come from a tool without them): heartbeats, TimeoutSecondsPath, execution time-outs,
 * MaxConcurrency as a real bound, and states:startExecution plain and .sync:2.
 */
class EngineFeaturesTest {
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private Engine engine;

    /** "hold": remembers the token; "slow": runs for 30 ms and tracks how many run at once. */
    private final TaskInvoker lambda = call -> {
        String fn = call.resource().legacyLambda() ? call.resource().functionArn().replaceAll(".*:", "")
                : call.parameters().path("FunctionName").asText();
        if (fn.equals("hold")) {
            tokens.add(call.taskToken());
            return Json.object();
        }
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
        return call.parameters();
    };

    @BeforeEach
    void start() {
        engine = new Engine(new InMemoryExecutionStore(), Map.of("lambda", lambda), Clock.systemUTC(), 16);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private ExecutionRecord run(String name, String definition, String input) throws Exception {
        String arn = engine.createStateMachine(name, definition, null, null).arn();
        return engine.awaitCompletion(engine.startExecution(arn, null, input).arn(), Duration.ofSeconds(20));
    }

    private List<String> historyTypes(String executionArn) {
        return engine.history(executionArn, false, 1000, null).items().stream().map(e -> e.path("type").asText()).toList();
    }

    @Test
    void aMissedHeartbeatFailsTheTaskWithHeartbeatTimeout() throws Exception {
        ExecutionRecord r = run("heartbeat", """
                {"StartAt":"Hold","States":{"Hold":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"hold","Payload":{"t.$":"$$.Task.Token"}},"HeartbeatSeconds":1,
                  "TimeoutSeconds":10,"End":true}}}""", "{}");
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(historyTypes(r.arn())).contains("TaskTimedOut");
    }

    @Test
    void heartbeatsKeepATaskAliveUntilItsResult() throws Exception {
        String arn = engine.createStateMachine("heartbeat-ok", """
                {"StartAt":"Hold","States":{"Hold":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"hold","Payload":{}},"HeartbeatSeconds":1,"End":true}}}""", null, null).arn();
        String exec = engine.startExecution(arn, null, "{}").arn();
        while (tokens.isEmpty()) {
            Thread.sleep(10);
        }
        for (int i = 0; i < 4; i++) { // 2 s in all, twice the heartbeat interval
            Thread.sleep(500);
            engine.sendTaskHeartbeat(tokens.get(0));
        }
        engine.sendTaskSuccess(tokens.get(0), "{\"done\":true}");
        ExecutionRecord r = engine.awaitCompletion(exec, Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(r.output()).isEqualTo("{\"done\":true}");
    }

    @Test
    void timeoutSecondsPathBoundsATask() throws Exception {
        ExecutionRecord r = run("timeout-path", """
                {"StartAt":"Hold","States":{"Hold":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"hold","Payload":{}},"TimeoutSecondsPath":"$.limit",
                  "Catch":[{"ErrorEquals":["States.Timeout"],"ResultPath":"$.error","Next":"Late"}],"End":true},
                  "Late":{"Type":"Pass","End":true}}}""", "{\"limit\":1}");
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(Json.read(r.output()).path("error").path("Error").asText()).isEqualTo("States.Timeout");
    }

    @Test
    void theExecutionTimeoutEndsItTimedOut() throws Exception {
        ExecutionRecord r = run("execution-timeout", """
                {"TimeoutSeconds":1,"StartAt":"Sleep","States":{"Sleep":{"Type":"Wait","Seconds":30,"End":true}}}""", "{}");
        assertThat(r.status()).isEqualTo("TIMED_OUT");
        assertThat(r.error()).isEqualTo("States.Timeout");
        assertThat(historyTypes(r.arn())).last().isEqualTo("ExecutionTimedOut");
    }

    @Test
    void maxConcurrencyBoundsTheIterationsRunningAtOnce() throws Exception {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 24; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        ExecutionRecord r = run("bounded-map", """
                {"StartAt":"Each","States":{"Each":{"Type":"Map","MaxConcurrency":3,"ItemProcessor":{"StartAt":"Slow",
                  "States":{"Slow":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:slow","End":true}}},
                  "End":true}}}""", items.append("]").toString());
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(Json.read(r.output())).hasSize(24);
        assertThat(maxRunning.get()).isEqualTo(3);
    }

    @Test
    void nestedExecutionsStartPlainAndSyncAndReportTheChild() throws Exception {
        String child = engine.createStateMachine("child", """
                {"StartAt":"Check","States":{"Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,
                  "Next":"Boom"}],"Default":"Done"},"Boom":{"Type":"Fail","Error":"ChildFailed","Cause":"asked to"},
                  "Done":{"Type":"Pass","Parameters":{"doubled.$":"States.MathAdd($.n, $.n)"},"End":true}}}""", null, null).arn();
        String parent = """
                {"StartAt":"Fire","States":{
                  "Fire":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution",
                    "Parameters":{"StateMachineArn":"%s","Input":{"n":1,"fail":false}},"ResultSelector":{"arn.$":"$.ExecutionArn"},
                    "ResultPath":"$.fired","Next":"Run"},
                  "Run":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
                    "Parameters":{"StateMachineArn":"%s","Input":{"n.$":"$.n","fail.$":"$.fail"}},
                    "ResultSelector":{"status.$":"$.Status","output.$":"$.Output"},"ResultPath":"$.child","End":true}}}"""
                .formatted(child, child);
        ExecutionRecord ok = run("parent", parent, "{\"n\":21,\"fail\":false}");
        assertThat(ok.status()).as(ok.error() + ": " + ok.cause()).isEqualTo("SUCCEEDED");
        JsonNode out = Json.read(ok.output());
        assertThat(out.path("child").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(out.path("child").path("output").path("doubled").asInt()).isEqualTo(42);
        ExecutionRecord fired = engine.awaitCompletion(out.path("fired").path("arn").asText(), Duration.ofSeconds(10));
        assertThat(fired.status()).isEqualTo("SUCCEEDED");

        String parentArn = Engine.stateMachineArn("parent");
        ExecutionRecord failed = engine.awaitCompletion(engine.startExecution(parentArn, null, "{\"n\":1,\"fail\":true}").arn(),
                Duration.ofSeconds(20));
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.error()).isEqualTo("States.TaskFailed");
        assertThat(failed.cause()).contains("ChildFailed");
    }

    /** A child's name taken by a finished execution: the error AWS names after the SDK's exception, catchable. */
    @Test
    void aNestedExecutionWhoseNameIsTakenFailsWithTheSdkExceptionName() throws Exception {
        String child = engine.createStateMachine("named-child", """
                {"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}""", null, null).arn();
        String parent = """
                {"StartAt":"Fire","States":{
                  "Fire":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
                    "Parameters":{"StateMachineArn":"%s","Name":"only-once","Input.$":"$"},"ResultPath":null,
                    "Catch":[{"ErrorEquals":["StepFunctions.ExecutionAlreadyExistsException"],"ResultPath":"$.error",
                      "Next":"Duplicate"}],"End":true},
                  "Duplicate":{"Type":"Pass","Result":"duplicate","End":true}}}""".formatted(child);
        assertThat(run("named-parent", parent, "{\"n\":1}").output()).isEqualTo("{\"n\":1}");
        ExecutionRecord again = engine.awaitCompletion(engine.startExecution(Engine.stateMachineArn("named-parent"), null,
                "{\"n\":1}").arn(), Duration.ofSeconds(10));
        assertThat(again.status()).isEqualTo("SUCCEEDED");
        assertThat(again.output()).isEqualTo("\"duplicate\"");
    }
}
