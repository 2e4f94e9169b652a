package io.jeeves.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.jeeves.catalog.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.IConstruct;

/** Builds a stack the way {@code cdk synth} does (context, cdk-nag), for template assertions. */
final class Synth {
    private Synth() {
    }

    static JeevesStack stack(Map<String, Object> context, Function<JeevesStack.Settings, Blueprint> blueprint) {
        App app = new App();
        app.getNode().setContext("jwtIssuer", "https://auth.example.com/");
        app.getNode().setContext("jwtAudience", "jeeves-api");
        context.forEach(app.getNode()::setContext);
        JeevesStack.Settings settings = JeevesStack.Settings.fromContext(app);
        JeevesStack stack = new JeevesStack(app, "jeeves", StackProps.builder().build(), settings, blueprint.apply(settings));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
        return stack;
    }

    /** The stack of the catalog with the default context, and its template. */
    record Synthesized(JeevesStack stack, Template template) {
    }

    private static Synthesized catalog;

    /** The catalog's stack with the default context: built once, shared by the test classes that read it. */
    /** The catalog's stack as {@code cdk synth -c ...} builds it (SnapStart and the HTTP API off, unless given). */
    static JeevesStack fromContext(Map<String, Object> context) {
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        Map<String, Object> all = new java.util.HashMap<>(Map.of("snapStart", "false", "httpApi", "false"));
        all.putAll(context);
        all.forEach(app.getNode()::setContext);
        return new JeevesStack(app, "jeeves", software.amazon.awscdk.StackProps.builder().build(),
                JeevesStack.Settings.fromContext(app));
    }

    static synchronized Synthesized catalog() {
        if (catalog == null) {
            JeevesStack stack = stack(Map.of(), settings -> Blueprint.catalog());
            catalog = new Synthesized(stack, Template.fromStack(stack));
        }
        return catalog;
    }

    /** The AwsSolutions errors and warnings cdk-nag left on the stack (none when all are met or justified). */
    static List<String> nagFindings(Stack stack) {
        List<String> findings = new ArrayList<>();
        Annotations annotations = Annotations.fromStack(stack);
        annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .forEach(m -> findings.add("error " + m.getId() + ": " + m.getEntry().getData()));
        annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .forEach(m -> findings.add("warning " + m.getId() + ": " + m.getEntry().getData()));
        return findings;
    }

    static String logicalId(IConstruct construct) {
        return Stack.of(construct).getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    static Map<String, Object> ref(IConstruct construct) {
        return Map.of("Ref", logicalId(construct));
    }

    static Map<String, Object> arn(IConstruct construct) {
        return Map.of("Fn::GetAtt", List.of(logicalId(construct), "Arn"));
    }

    /** The functions statemachines/process-task.asl.json invokes. */
    static final List<String> PROCESS_TASK_FUNCTIONS =
            List.of("CreateProcess", "TransitionState", "RecordUsage", "TerminateProcess");

    /** The DefinitionSubstitutions of a state machine, e.g. {@code jeeves-process-task}. */
    static Map<String, Object> substitutionsOf(Template template, String stateMachineName) {
        Capture substitutions = new Capture();
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                "StateMachineName", stateMachineName, "DefinitionSubstitutions", substitutions)));
        return substitutions.asObject();
    }

    /**
     * What process-task's substitutions must be: each function as {@code functionArn} gives it (a Ref to
     * the alias, or the function's Arn attribute) and the capability-tasks queue's URL.
     */
    static Map<String, Object> processTaskSubstitutions(JeevesStack stack,
            Function<IConstruct, Map<String, Object>> functionArn) {
        Map<String, Object> expected = new HashMap<>();
        PROCESS_TASK_FUNCTIONS.forEach(fn -> expected.put(fn + "FunctionArn", functionArn.apply(stack.functions().get(fn))));
        expected.put("CapabilityTasksQueueUrl", ref(stack.queues().get(Catalog.CAPABILITY_TASKS)));
        return expected;
    }

    /** Every statement of the policies attached to the role with this logical id. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statementsOfRole(Template template, String roleLogicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<String, Object> props = (Map<String, Object>) policy.get("Properties");
            if (((List<Object>) props.get("Roles")).contains(Map.of("Ref", roleLogicalId))) {
                Map<String, Object> doc = (Map<String, Object>) props.get("PolicyDocument");
                statements.addAll((List<Map<String, Object>>) doc.get("Statement"));
            }
        });
        assertThat(statements).as("policies of " + roleLogicalId).isNotEmpty();
        return statements;
    }

    /** The statements of the role a function (or its "live" alias) runs with. */
    static List<Map<String, Object>> statementsOfFunction(Template template, IFunction function) {
        return statementsOfRole(template, logicalId(lambda(function).getRole()));
    }

    /** The function itself: the "live" alias's version's function with SnapStart. */
    static software.amazon.awscdk.services.lambda.Function lambda(IFunction function) {
        IFunction f = function instanceof Alias alias ? alias.getVersion().getLambda() : function;
        return (software.amazon.awscdk.services.lambda.Function) f;
    }

    /** A function's environment variables as synthesized. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> environmentOf(Template template, JeevesStack stack, String function) {
        Map<String, Object> fn = template.findResources("AWS::Lambda::Function")
                .get(logicalId(lambda(stack.functions().get(function))));
        Map<String, Object> props = (Map<String, Object>) fn.get("Properties");
        return (Map<String, Object>) ((Map<String, Object>) props.get("Environment")).get("Variables");
    }

    /**
     * Every (action, resource) a role's statements allow, a resource written as {@link #render} writes it;
     * only actions starting with {@code prefix} (e.g. {@code "states:"}).
     */
    static Set<String> allowed(List<Map<String, Object>> statements, String prefix) {
        Set<String> pairs = new TreeSet<>();
        for (Map<String, Object> statement : statements) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            Object resource = statement.get("Resource");
            List<?> resources = resource instanceof List<?> l ? l : List.of(resource);
            for (String action : actions(statement)) {
                if (action.startsWith(prefix)) {
                    resources.forEach(r -> pairs.add(action + " " + render(r)));
                }
            }
        }
        return pairs;
    }

    /**
     * A template value as text: {@code Fn::Join} joined, {@code {Ref: X}} as {@code ${X}},
     * {@code {Fn::GetAtt: [X, Arn]}} as {@code ${X.Arn}}; e.g.
     * {@code arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:jeeves-approval}.
     */
    @SuppressWarnings("unchecked")
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> m = (Map<String, Object>) value;
        if (m.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) m.get("Fn::Join");
            StringBuilder b = new StringBuilder();
            List<Object> parts = (List<Object>) join.get(1);
            for (int i = 0; i < parts.size(); i++) {
                b.append(i == 0 ? "" : (String) join.get(0)).append(render(parts.get(i)));
            }
            return b.toString();
        }
        if (m.containsKey("Ref")) {
            return "${" + m.get("Ref") + "}";
        }
        if (m.containsKey("Fn::GetAtt")) {
            return "${" + String.join(".", (List<String>) m.get("Fn::GetAtt")) + "}";
        }
        throw new IllegalArgumentException("cannot render " + value);
    }

    /** A state machine's ARN as {@link #render} writes the name-derived ARNs of the stack. */
    static String stateMachineArn(String name) {
        return "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:jeeves-" + name;
    }

    /** Every execution of a state machine, as {@link #render} writes it. */
    static String executionsArn(String name) {
        return "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:jeeves-" + name + ":*";
    }

    /** A statement's actions, always as a list. */
    @SuppressWarnings("unchecked")
    static List<String> actions(Map<String, Object> statement) {
        Object a = statement.get("Action");
        return a instanceof List<?> l ? (List<String>) l : List.of((String) a);
    }
}
