package io.jeeves.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.BucketSpec;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.StateMachineSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The governance control loop as deployed (ADR 011): each function's bucket and flow permissions and
 * environment follow its catalog entry, and the approval and execution machines are wired to each other.
 */
class JeevesStackGovernanceTest {
    /** The catalog's stack, shared with {@link JeevesStackTest}. */
    private static final JeevesStack stack = Synth.catalog().stack();
    private static final Template template = Synth.catalog().template();

    private static Set<String> allowed(String function, String prefix) {
        return Synth.allowed(Synth.statementsOfFunction(template, stack.functions().get(function)), prefix);
    }

    private static String objects(String bucket) {
        return "${" + Synth.logicalId(stack.buckets().get(bucket)) + ".Arn}/*";
    }

    @Test
    void eachFunctionMayGetOrPutExactlyTheObjectsOfItsBuckets() {
        for (FunctionSpec f : Catalog.functions()) {
            Set<String> expected = new TreeSet<>();
            f.buckets().forEach((bucket, access) -> {
                expected.add("s3:GetObject " + objects(bucket));
                if (access == FunctionSpec.Access.WRITE) {
                    expected.add("s3:PutObject " + objects(bucket));
                }
            });
            assertThat(allowed(f.name(), "s3:")).as(f.name()).isEqualTo(expected);
        }
        // the catalog has both kinds, so both were checked
        assertThat(Catalog.functions()).anyMatch(f -> f.buckets().containsValue(FunctionSpec.Access.READ))
                .anyMatch(f -> f.buckets().containsValue(FunctionSpec.Access.WRITE));
    }

    @Test
    void aFunctionThatReadsArtifactsMayNotPutThem() {
        assertThat(Catalog.function("GetArtifactContent").orElseThrow().buckets())
                .isEqualTo(Map.of(Catalog.ARTIFACTS, FunctionSpec.Access.READ));
        assertThat(allowed("GetArtifactContent", "s3:")).containsExactly("s3:GetObject " + objects(Catalog.ARTIFACTS));
    }

    @Test
    void noRoleMayDeleteListOrOverwriteArtifactsBeyondPutObject() {
        String bucket = Synth.logicalId(stack.buckets().get(Catalog.ARTIFACTS));
        Set<String> onArtifacts = new HashSet<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
        policies.forEach((id, policy) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> statements = (List<Map<String, Object>>) doc.get("Statement");
            Synth.allowed(statements, "").stream().filter(pair -> pair.contains(bucket)).forEach(onArtifacts::add);
        });
        assertThat(onArtifacts).isNotEmpty()
                .allMatch(pair -> pair.startsWith("s3:GetObject ") || pair.startsWith("s3:PutObject "), "get or put only");
    }

    @Test
    void eachFunctionMayStartOrControlExactlyItsFlows() {
        for (FunctionSpec f : Catalog.functions()) {
            Set<String> expected = new TreeSet<>();
            f.stateMachines().forEach((machine, flow) -> {
                if (flow == FunctionSpec.Flow.START) {
                    expected.add("states:StartExecution " + Synth.stateMachineArn(machine));
                } else {
                    List.of("SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat")
                            .forEach(a -> expected.add("states:" + a + " " + Synth.stateMachineArn(machine)));
                    expected.add("states:StopExecution " + Synth.executionsArn(machine));
                }
            });
            assertThat(allowed(f.name(), "states:")).as(f.name()).isEqualTo(expected);
        }
    }

    @Test
    void decideApprovalMayAnswerTheApprovalFlowsTaskTokensOnly() {
        assertThat(allowed("DecideApproval", "states:SendTaskSuccess"))
                .containsExactly("states:SendTaskSuccess " + Synth.stateMachineArn(Catalog.APPROVAL));
        assertThat(allowed("DecideApproval", "states:StartExecution")).isEmpty();
    }

    @Test
    void cancelExecutionMayStopExecutionFlowsOnlyAndStartNothing() {
        assertThat(allowed("CancelExecution", "states:StopExecution"))
                .containsExactly("states:StopExecution " + Synth.executionsArn(Catalog.EXECUTION));
        assertThat(allowed("CancelExecution", "states:StartExecution")).isEmpty();
    }

    @Test
    void createDirectiveMayStartTheApprovalFlowOnly() {
        assertThat(allowed("CreateDirective", "states:"))
                .containsExactly("states:StartExecution " + Synth.stateMachineArn(Catalog.APPROVAL));
    }

    @Test
    void getDirectiveMayNeitherUseFlowsNorBuckets() {
        assertThat(allowed("GetDirective", "states:")).isEmpty();
        assertThat(allowed("GetDirective", "s3:")).isEmpty();
    }

    @Test
    void eachFunctionIsGivenItsBucketsNamesAndItsFlowsArnsOnly() {
        for (FunctionSpec f : Catalog.functions()) {
            Map<String, Object> env = Synth.environmentOf(template, stack, f.name());
            for (BucketSpec b : Catalog.buckets()) {
                if (f.buckets().containsKey(b.id())) {
                    assertThat(env).as(f.name()).containsEntry(b.envVar(), Synth.ref(stack.buckets().get(b.id())));
                } else {
                    assertThat(env).as(f.name()).doesNotContainKey(b.envVar());
                }
            }
            for (StateMachineSpec m : Catalog.stateMachines()) {
                if (f.stateMachines().containsKey(m.name())) {
                    assertThat(Synth.render(env.get(m.envVar()))).as(f.name()).isEqualTo(Synth.stateMachineArn(m.name()));
                } else {
                    assertThat(env).as(f.name()).doesNotContainKey(m.envVar());
                }
            }
            // no context policy: the functions use the default policy
            assertThat(env).as(f.name()).doesNotContainKeys(PolicyContext.JSON_ENV, PolicyContext.SSM_PARAMETER_ENV);
        }
        assertThat(Synth.environmentOf(template, stack, "CreateDirective"))
                .containsKeys("JEEVES_STATE_MACHINES_APPROVAL", "JEEVES_TABLES_DIRECTIVES");
        assertThat(Synth.environmentOf(template, stack, "StartRun")).containsKey("JEEVES_BUCKETS_ARTIFACTS");
    }

    @Test
    void theApprovalAndExecutionFlowsAreDeployedWithLoggingAndTracing() {
        for (String name : List.of(Catalog.APPROVAL, Catalog.EXECUTION)) {
            template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                    "StateMachineName", "jeeves-" + name,
                    "StateMachineType", "STANDARD",
                    "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", false)),
                    "TracingConfiguration", Map.of("Enabled", true))));
            template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                    "LogGroupName", "/aws/vendedlogs/states/jeeves-" + name)));
        }
    }

    @Test
    void theApprovalFlowMayStartTheExecutionFlowAndNothingElseOfStepFunctions() {
        var statements = Synth.statementsOfRole(template, Synth.logicalId(stack.stateMachines().get(Catalog.APPROVAL).getRole()));
        // states:startExecution without .sync: StartExecution only (no Describe/StopExecution, no EventBridge rule)
        assertThat(Synth.allowed(statements, "states:"))
                .containsExactly("states:StartExecution " + Synth.stateMachineArn(Catalog.EXECUTION));
        assertThat(Synth.allowed(statements, "events:")).isEmpty();
        assertThat(Synth.allowed(statements, "lambda:")).isEqualTo(invokes("EvaluatePolicy", "AwaitApproval", "TransitionDirective"));
    }

    @Test
    void theExecutionFlowMayInvokeItsThreeStepsOnly() {
        var statements = Synth.statementsOfRole(template, Synth.logicalId(stack.stateMachines().get(Catalog.EXECUTION).getRole()));
        assertThat(Synth.allowed(statements, "states:")).isEmpty();
        assertThat(Synth.allowed(statements, "lambda:")).isEqualTo(invokes("StartRun", "ExecuteModule", "FinishRun"));
    }

    private static Set<String> invokes(String... functions) {
        Set<String> expected = new TreeSet<>();
        for (String f : functions) {
            expected.add("lambda:InvokeFunction ${" + Synth.logicalId(stack.functions().get(f)) + "}");
        }
        return expected;
    }
}
