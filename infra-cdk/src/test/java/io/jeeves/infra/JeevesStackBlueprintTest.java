package io.jeeves.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.EventSourceSpec;
import io.jeeves.catalog.QueueSpec;
import io.jeeves.catalog.StateMachineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Function;

/**
 * The stack built from explicit lists: event-source mappings (the catalog has none yet), the LocalStack
 * profile ({@code snapStart=false}, {@code httpApi=false}), and definitions the stack must refuse.
 */
class JeevesStackBlueprintTest {
    /** A mapping the catalog does not have: the worker-facing queue drained by a kernel function. */
    static final EventSourceSpec MAPPING = new EventSourceSpec(Catalog.CAPABILITY_TASKS, "RecordUsage", 7, 4, true);

    static JeevesStack stack;
    static Template template;

    @BeforeAll
    static void synth() {
        stack = Synth.stack(Map.of("snapStart", "false", "httpApi", "false"),
                settings -> Blueprint.catalog().withEventSources(List.of(MAPPING)));
        template = Template.fromStack(stack);
    }

    @Test
    void eachEventSourceIsAnSqsMappingWithItsBatchingAndPartialFailures() {
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "EventSourceArn", Synth.arn(stack.queues().get(MAPPING.queue())),
                "FunctionName", Synth.ref(stack.functions().get(MAPPING.function())),
                "BatchSize", MAPPING.batchSize(),
                "MaximumBatchingWindowInSeconds", MAPPING.maximumBatchingWindowSeconds(),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"))));
        // the function may consume from the queue
        String role = Synth.logicalId(((Function) stack.functions().get(MAPPING.function())).getRole());
        assertThat(Synth.statementsOfRole(template, role)).anySatisfy(statement -> {
            assertThat(Synth.actions(statement)).contains("sqs:ReceiveMessage", "sqs:DeleteMessage");
            assertThat(statement.get("Resource")).isEqualTo(Synth.arn(stack.queues().get(MAPPING.queue())));
        });
    }

    @Test
    void withoutSnapStartThereAreNoAliasesAndStateMachinesCallTheFunctions() {
        template.resourceCountIs("AWS::Lambda::Alias", 0);
        template.resourceCountIs("AWS::Lambda::Version", 0);
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("SnapStart", Match.absent())));
        Synth.PROCESS_TASK_FUNCTIONS.forEach(fn -> assertThat(stack.functions().get(fn)).isInstanceOf(Function.class));
        assertThat(Synth.substitutionsOf(template, "jeeves-process-task"))
                .isEqualTo(Synth.processTaskSubstitutions(stack, Synth::arn));
    }

    @Test
    void withoutTheHttpApiThereIsNoGatewayNorAuthorizer() {
        assertThat(template.findResources("AWS::ApiGatewayV2::Api")).isEmpty();
        assertThat(template.findResources("AWS::ApiGatewayV2::Authorizer")).isEmpty();
        assertThat(template.findOutputs("ApiUrl")).isEmpty();
        template.resourceCountIs("AWS::Lambda::Function", Catalog.functions().size());
    }

    @Test
    void cdkNagFindsNothingUnjustified() {
        assertThat(Synth.nagFindings(stack)).isEmpty();
    }

    @Test
    void aDefinitionWithAnUnknownVariableFailsSynthNamingIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.asl.json"), """
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "${CreateProcessFunctionArn}", "Payload": {"q": "${NoSuchQueueUrl}"}},
                  "End": true}}}
                """);
        Blueprint bad = withMachine(dir, new StateMachineSpec("bad", "bad.asl.json", "STANDARD", "x"));
        assertThatThrownBy(() -> build(Map.of("stateMachinesDir", dir.toString()), bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("statemachines/bad.asl.json uses ${NoSuchQueueUrl}")
                .hasMessageContaining("CapabilityTasksQueueUrl")
                .hasMessageNotContaining("${CreateProcessFunctionArn},");
    }

    @Test
    void aMissingDefinitionFailsSynthNamingThePath(@TempDir Path dir) throws Exception {
        Blueprint missing = withMachine(dir, new StateMachineSpec("gone", "gone.asl.json", "STANDARD", "x"));
        assertThatThrownBy(() -> build(Map.of("stateMachinesDir", dir.toString()), missing))
                .hasMessageContaining("gone.asl.json").hasMessageContaining("stateMachinesDir");
    }

    @Test
    void aMappingFromAQueueWhoseVisibilityIsShorterThanTheFunctionTimeoutIsRefused() {
        QueueSpec quick = new QueueSpec("quick", "too short a visibility", 5, 3600, null, 0);
        Blueprint b = Blueprint.catalog();
        Blueprint withQuick = new Blueprint(b.tables(), b.functions(), List.of(quick), b.buckets(),
                List.of(new EventSourceSpec("quick", "RecordUsage", 10, 0, true)), b.stateMachines(), b.substitutions());
        assertThatThrownBy(() -> build(Map.of("httpApi", "false"), withQuick))
                .hasMessageContaining("visibility timeout (5 s) is shorter than the function's timeout (15 s)");
    }

    @Test
    void aFunctionWhoseFlowIsNotDeployedFailsSynthNamingBoth() {
        Blueprint withoutApproval = Blueprint.catalog().withStateMachines(Catalog.stateMachines().stream()
                .filter(m -> !m.name().equals(Catalog.APPROVAL)).toList());
        assertThatThrownBy(() -> build(Map.of("httpApi", "false"), withoutApproval))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("function \\w+ uses state machine 'approval', which the stack does not deploy");
    }

    /**
     * The catalog with one more state machine, read from {@code dir}: the catalog's functions need their
     * flows, whose definitions are copied there.
     */
    private static Blueprint withMachine(Path dir, StateMachineSpec extra) throws java.io.IOException {
        for (StateMachineSpec m : Catalog.stateMachines()) {
            Files.copy(Path.of(JeevesStack.Settings.defaultStateMachinesDir(), m.file()), dir.resolve(m.file()));
        }
        List<StateMachineSpec> machines = new java.util.ArrayList<>(Catalog.stateMachines());
        machines.add(extra);
        return Blueprint.catalog().withStateMachines(machines);
    }

    private static void build(Map<String, Object> context, Blueprint blueprint) {
        App app = new App();
        context.forEach(app.getNode()::setContext);
        new JeevesStack(app, "jeeves", StackProps.builder().build(), JeevesStack.Settings.fromContext(app), blueprint);
    }
}
