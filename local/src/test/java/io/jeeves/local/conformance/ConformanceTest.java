package io.jeeves.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.runtime.Engine;
import io.jeeves.asl.runtime.ExecutionRecord;
import io.jeeves.asl.runtime.InMemoryExecutionStore;
import io.jeeves.asl.runtime.TaskCall;
import io.jeeves.asl.runtime.TaskInvoker;
import io.jeeves.json.Json;
import io.jeeves.local.lambda.LambdaRegistry;
import io.jeeves.local.sfn.LambdaTasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every machine of the conformance corpus on the engine (in memory), all executions at once, with the
 * corpus's functions behind the local Lambda integration; each machine is one test. Expectations come from aws-local-stepfunctions or the AWS documentation, never from this engine.
 */
class ConformanceTest {
    private static final Map<String, LambdaTasks> FUNCTIONS = new ConcurrentHashMap<>();
    private static final List<Engine> ENGINES = new ArrayList<>();
    private static final Map<String, Started> STARTED = new LinkedHashMap<>();

    private record Started(Engine engine, String executionArn, RuntimeException refused) {
    }

    /**
     * The corpus's functions through the real Lambda integration (function registry, Lambda's JSON contract,
     * lambda:invoke's envelope, AWS's error surface), a fresh set per execution as the corpus requires.
     */
    static final TaskInvoker LAMBDA = (TaskCall call) -> FUNCTIONS.computeIfAbsent(call.executionArn(), k -> {
        LambdaRegistry registry = new LambdaRegistry();
        CorpusFunctions.register(registry);
        return new LambdaTasks(registry);
    }).invoke(call);

    @BeforeAll
    static void startAll() {
        Engine shared = engine(Clock.systemUTC());
        for (Corpus.Case c : Corpus.load()) {
            Engine engine = shared;
            String machine = c.name().length() > 80 ? c.name().substring(0, 80) : c.name();
            String execution = "exec";
            String role = null;
            if (c.context() != null) {
                JsonNode ctx = c.context();
                // the Context Object of context.json: names, role and start time are the engine's own inputs
                engine = engine(Clock.fixed(Instant.parse(ctx.path("Execution").path("StartTime").asText()), ZoneOffset.UTC));
                machine = ctx.path("StateMachine").path("Name").asText();
                execution = ctx.path("Execution").path("Name").asText();
                role = ctx.path("Execution").path("RoleArn").asText();
            }
            try {
                String arn = engine.createStateMachine(machine, c.definition(), role, null).arn();
                String exec = engine.startExecution(arn, execution, Json.write(c.input())).arn();
                STARTED.put(c.name(), new Started(engine, exec, null));
            } catch (RuntimeException e) {
                STARTED.put(c.name(), new Started(engine, null, e));
            }
        }
    }

    private static Engine engine(Clock clock) {
        Engine e = new Engine(new InMemoryExecutionStore(), Map.of("lambda", LAMBDA), clock, 16);
        ENGINES.add(e);
        return e;
    }

    @AfterAll
    static void stopAll() {
        ENGINES.forEach(Engine::close);
    }

    @TestFactory
    Stream<DynamicTest> corpus() {
        List<Corpus.Case> cases = Corpus.load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Started s = STARTED.get(c.name());
            assertThat(s.refused()).as("the engine refused the machine or its start").isNull();
            ExecutionRecord r = s.engine().awaitCompletion(s.executionArn(), Duration.ofSeconds(60));
            JsonNode output = r.output() == null ? null : Json.read(r.output());
            assertThat(Corpus.differences(c, r.status(), output, r.error(), r.cause())).as(c.name()).isEmpty();
        }));
    }
}
