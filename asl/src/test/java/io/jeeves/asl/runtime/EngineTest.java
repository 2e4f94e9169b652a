package io.jeeves.asl.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.AslError;
import io.jeeves.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineTest {
    static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:";
    InMemoryExecutionStore store;
    Engine engine;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<String> tokens = new ArrayList<>();

    /** Fake functions: echo, add, fail, flaky (fails twice then succeeds), token (remembers the task token). */
    TaskInvoker lambda = call -> {
        JsonNode in = call.resource().legacyLambda() ? call.parameters() : call.parameters().path("Payload");
        String fn = call.resource().legacyLambda() ? call.resource().functionArn().substring(FN.length())
                : call.parameters().path("FunctionName").asText();
        calls.computeIfAbsent(fn, k -> new AtomicInteger()).incrementAndGet();
        JsonNode out = switch (fn) {
            case "echo" -> in;
            case "add" -> Json.tree(in.path("a").asInt() + in.path("b").asInt());
            case "fail" -> throw new AslError(in.path("errorType").asText("CustomError"), in.path("message").asText("failed"));
            case "flaky" -> {
                if (calls.get(fn).get() <= 2) {
                    throw new AslError("FlakyError", "not yet");
                }
                yield Json.object().put("calls", calls.get(fn).get());
            }
            case "token" -> {
                synchronized (tokens) {
                    tokens.add(call.taskToken());
                }
                yield Json.object();
            }
            case "answer" -> { // a worker faster than the send: it answers before the call that handed it the token returns
                if (in.path("heartbeat").asBoolean()) {
                    engine.sendTaskHeartbeat(call.taskToken());
                }
                engine.sendTaskSuccess(call.taskToken(), "{\"early\":true}");
                yield Json.object();
            }
            default -> throw new AslError("Lambda.ResourceNotFoundException", "no function " + fn);
        };
        return call.resource().legacyLambda() ? out : Json.object().set("Payload", out);
    };

    @BeforeEach
    void start() {
        store = new InMemoryExecutionStore();
        engine = new Engine(store, Map.of("lambda", lambda), Clock.systemUTC(), 8);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    String machine(String name, String definition) {
        return engine.createStateMachine(name, definition, null, null).arn();
    }

    ExecutionRecord run(String machineArn, String input) throws Exception {
        ExecutionRecord r = engine.startExecution(machineArn, null, input);
        return engine.awaitCompletion(r.arn(), Duration.ofSeconds(20));
    }

    @Test
    void passChainWithPathsAndParameters() throws Exception {
        String arn = machine("pass", """
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","Parameters":{"x.$":"$.v","const":1},"ResultPath":"$.p","Next":"B"},
                  "B":{"Type":"Pass","InputPath":"$.p","Result":{"done":true},"ResultPath":"$.r","OutputPath":"$.r","End":true}}}""");
        ExecutionRecord r = run(arn, "{\"v\":42}");
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(Json.read(r.output())).isEqualTo(Json.read("{\"done\":true}"));
        List<String> types = new ArrayList<>();
        engine.history(r.arn(), false, 100, null).items().forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered",
                "PassStateExited", "ExecutionSucceeded");
    }

    @Test
    void choiceAndTasks() throws Exception {
        String arn = machine("choice", """
                {"StartAt":"Add","States":{
                  "Add":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:add","ResultPath":"$.sum","Next":"Big?"},
                  "Big?":{"Type":"Choice","Choices":[{"Variable":"$.sum","NumericGreaterThan":10,"Next":"Big"}],"Default":"Small"},
                  "Big":{"Type":"Pass","Result":"big","End":true},
                  "Small":{"Type":"Pass","Result":"small","End":true}}}""");
        assertThat(run(arn, "{\"a\":7,\"b\":5}").output()).isEqualTo("\"big\"");
        assertThat(run(arn, "{\"a\":1,\"b\":2}").output()).isEqualTo("\"small\"");
    }

    @Test
    void retryThenCatch() throws Exception {
        String arn = machine("retry", """
                {"StartAt":"Flaky","States":{
                  "Flaky":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:flaky",
                    "Retry":[{"ErrorEquals":["FlakyError"],"IntervalSeconds":1,"MaxAttempts":3,"BackoffRate":1.0}],"Next":"Fail"},
                  "Fail":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:fail",
                    "Catch":[{"ErrorEquals":["CustomError"],"ResultPath":"$.error","Next":"Caught"}],"End":true},
                  "Caught":{"Type":"Pass","End":true}}}""");
        ExecutionRecord r = run(arn, "{}");
        assertThat(r.status()).isEqualTo("SUCCEEDED");
        JsonNode out = Json.read(r.output());
        assertThat(out.path("calls").asInt()).isEqualTo(3);
        assertThat(out.path("error").path("Error").asText()).isEqualTo("CustomError");
        assertThat(out.path("error").path("Cause").asText()).isEqualTo("failed");
    }

    @Test
    void uncaughtErrorsFailTheExecution() throws Exception {
        String arn = machine("failing", """
                {"StartAt":"F","States":{"F":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:fail","End":true}}}""");
        ExecutionRecord r = run(arn, "{\"errorType\":\"Boom\",\"message\":\"bad\"}");
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("Boom");
        assertThat(r.cause()).isEqualTo("bad");
    }

    @Test
    void parallelAndMap() throws Exception {
        String arn = machine("fanout", """
                {"StartAt":"P","States":{
                  "P":{"Type":"Parallel","Branches":[
                     {"StartAt":"X","States":{"X":{"Type":"Pass","Result":1,"End":true}}},
                     {"StartAt":"Y","States":{"Y":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:add","End":true}}}],
                   "ResultPath":"$.parallel","Next":"M"},
                  "M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
                    "ItemSelector":{"value.$":"$$.Map.Item.Value","index.$":"$$.Map.Item.Index"},
                    "ItemProcessor":{"StartAt":"E","States":{"E":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:echo","End":true}}},
                    "ResultPath":"$.mapped","End":true}}}""");
        ExecutionRecord r = run(arn, "{\"a\":2,\"b\":3,\"items\":[\"x\",\"y\",\"z\"]}");
        assertThat(r.status()).as(r.cause()).isEqualTo("SUCCEEDED");
        JsonNode out = Json.read(r.output());
        assertThat(out.path("parallel")).isEqualTo(Json.read("[1,5]"));
        assertThat(out.path("mapped")).isEqualTo(Json.read(
                "[{\"value\":\"x\",\"index\":0},{\"value\":\"y\",\"index\":1},{\"value\":\"z\",\"index\":2}]"));
    }

    @Test
    void aFailingIterationFailsTheMap() throws Exception {
        String arn = machine("mapfail", """
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"F","States":{
                  "F":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:fail","End":true}}},"End":true}}}""");
        ExecutionRecord r = run(arn, "[{\"errorType\":\"ItemError\"}]");
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.error()).isEqualTo("ItemError");
        assertThat(run(arn, "[]").output()).isEqualTo("[]");
    }

    @Test
    void callbackWithTaskToken() throws Exception {
        String arn = machine("callback", """
                {"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"token","Payload":{"t.$":"$$.Task.Token"}},"ResultPath":"$.answer","End":true}}}""");
        ExecutionRecord started = engine.startExecution(arn, "cb-1", "{\"q\":1}");
        String token = awaitToken();
        assertThatThrownBy(() -> engine.sendTaskSuccess("garbage", "{}")).isInstanceOf(SfnException.class)
                .extracting(e -> ((SfnException) e).type()).isEqualTo("InvalidToken");
        engine.sendTaskSuccess(token, "{\"ok\":true}");
        ExecutionRecord done = engine.awaitCompletion(started.arn(), Duration.ofSeconds(10));
        assertThat(Json.read(done.output())).isEqualTo(Json.read("{\"q\":1,\"answer\":{\"ok\":true}}"));
        assertThatThrownBy(() -> engine.sendTaskSuccess(token, "{}")).isInstanceOf(SfnException.class)
                .extracting(e -> ((SfnException) e).type()).isEqualTo("TaskDoesNotExist");
    }

    @Test
    void anAnswerSentBeforeTheTokensCallReturnedIsKept() throws Exception {
        String arn = machine("early", """
                {"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"answer","Payload":{"heartbeat.$":"$.heartbeat"}},"ResultPath":"$.answer",
                  "TimeoutSeconds":5,"End":true}}}""");
        for (boolean heartbeat : new boolean[] {false, true}) {
            ExecutionRecord done = run(arn, "{\"heartbeat\":" + heartbeat + "}");
            assertThat(done.status()).as(done.cause()).isEqualTo("SUCCEEDED");
            assertThat(Json.read(done.output())).isEqualTo(Json.read("{\"heartbeat\":" + heartbeat
                    + ",\"answer\":{\"early\":true}}"));
        }
    }

    private String awaitToken() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            synchronized (tokens) {
                if (!tokens.isEmpty()) {
                    return tokens.remove(0);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no task token");
    }

    @Test
    void aRestartResumesAnExecutionWaitingOnItsToken() throws Exception {
        String arn = machine("durable", """
                {"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"token","Payload":{}},"Next":"After"},
                  "After":{"Type":"Pass","Result":"resumed","End":true}}}""");
        ExecutionRecord started = engine.startExecution(arn, "durable-1", "{}");
        String token = awaitToken();
        engine.close(); // graceful stop: progress saved
        engine = new Engine(store, Map.of("lambda", lambda), Clock.systemUTC(), 4);
        assertThat(engine.recover()).isEqualTo(1);
        engine.sendTaskSuccess(token, "{}");
        ExecutionRecord done = engine.awaitCompletion(started.arn(), Duration.ofSeconds(10));
        assertThat(done.output()).isEqualTo("\"resumed\"");
        assertThat(calls.get("token").get()).as("the task was not run twice").isEqualTo(1);
    }

    /** The store as a process that died right after StartExecution sees it: later saves never arrive. */
    private ExecutionStore savesLost() {
        return (ExecutionStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ExecutionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("saveProgress")) {
                        return true;
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anExecutionStoppedBeforeItsFirstSaveResumesWithItsStartEventWritten() throws Exception {
        String arn = machine("early", """
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"P"},"P":{"Type":"Pass","End":true}}}""");
        engine.close();
        engine = new Engine(savesLost(), Map.of("lambda", lambda), Clock.systemUTC(), 4);
        ExecutionRecord started = engine.startExecution(arn, "early-1", "{\"x\":1}");
        engine.close();
        assertThat(store.history(started.arn(), false, 100, null).items()).as("nothing but the start reached the store")
                .isEmpty();

        engine = new Engine(store, Map.of("lambda", lambda), Clock.systemUTC(), 4);
        assertThat(engine.recover()).isEqualTo(1);
        ExecutionRecord done = engine.awaitCompletion(started.arn(), Duration.ofSeconds(10));
        assertThat(done.status()).isEqualTo("SUCCEEDED");
        assertThat(done.output()).isEqualTo("{\"x\":1}");
        List<JsonNode> events = engine.history(started.arn(), false, 100, null).items();
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("ExecutionStarted",
                "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        assertThat(events).extracting(e -> e.path("id").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events.get(0).path("executionStartedEventDetails").path("input").asText()).isEqualTo("{\"x\":1}");
        assertThat(events.get(1).path("previousEventId").asLong()).isEqualTo(1L);
    }

    @Test
    void stopAndTimeOut() throws Exception {
        String waits = machine("waits", """
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}""");
        ExecutionRecord r = engine.startExecution(waits, null, "{}");
        engine.stopExecution(r.arn(), "UserStop", "enough");
        ExecutionRecord stopped = engine.describeExecution(r.arn());
        assertThat(stopped.status()).isEqualTo("ABORTED");
        assertThat(stopped.error()).isEqualTo("UserStop");
        String timed = machine("timed", """
                {"TimeoutSeconds":1,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}""");
        ExecutionRecord t = run(timed, "{}");
        assertThat(t.status()).isEqualTo("TIMED_OUT");
    }

    @Test
    void apiErrorsUseAwsNames() {
        assertThatThrownBy(() -> engine.createStateMachine("bad", "{\"StartAt\":\"X\",\"States\":{}}", null, null))
                .extracting(e -> ((SfnException) e).type()).isEqualTo("InvalidDefinition");
        assertThatThrownBy(() -> engine.startExecution(Engine.stateMachineArn("nope"), null, "{}"))
                .extracting(e -> ((SfnException) e).type()).isEqualTo("StateMachineDoesNotExist");
        String arn = machine("ok", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Wait\",\"Seconds\":30,\"End\":true}}}");
        assertThatThrownBy(() -> engine.startExecution(arn, null, "{not json"))
                .extracting(e -> ((SfnException) e).type()).isEqualTo("InvalidExecutionInput");
        ExecutionRecord first = engine.startExecution(arn, "same", "{}");
        assertThat(engine.startExecution(arn, "same", "{}").arn()).isEqualTo(first.arn());
        assertThatThrownBy(() -> engine.startExecution(arn, "same", "{\"other\":1}"))
                .extracting(e -> ((SfnException) e).type()).isEqualTo("ExecutionAlreadyExists");
        assertThatThrownBy(() -> engine.describeExecution(Engine.executionArn("ok", "missing")))
                .extracting(e -> ((SfnException) e).type()).isEqualTo("ExecutionDoesNotExist");
    }
}
