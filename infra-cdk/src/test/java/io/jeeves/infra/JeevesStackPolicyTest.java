package io.jeeves.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * The policy gate's configuration as a deployment gives it: context {@code policy} (a file, validated at
 * synth) or {@code policyParameter} (an SSM parameter), to the governance functions only.
 */
class JeevesStackPolicyTest {
    private static final String POLICY = """
            {
              "version": "2025-06",
              "budget_ceiling": 250,
              "tool_allowlist": ["noop", "echo"],
              "scope_allowlist": ["test"],
              "approval": {"required": "above_budget", "threshold": "$50.00"}
            }
            """;

    private static boolean governance(FunctionSpec f) {
        return f.handlerClass().startsWith("io.jeeves.functions.governance.");
    }

    @Test
    void aPolicyFileIsValidatedAndGivenToTheGovernanceFunctionsAsJson(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), POLICY);
        JeevesStack stack = Synth.fromContext(Map.of("policy", file.toString()));
        Template template = Template.fromStack(stack);
        String compact = "{\"version\":\"2025-06\",\"budget_ceiling\":250,\"tool_allowlist\":[\"noop\",\"echo\"],"
                + "\"scope_allowlist\":[\"test\"],\"approval\":{\"required\":\"above_budget\",\"threshold\":\"$50.00\"}}";
        int governed = 0;
        for (FunctionSpec f : Catalog.functions()) {
            Map<String, Object> env = Synth.environmentOf(template, stack, f.name());
            assertThat(env).as(f.name()).doesNotContainKey(PolicyContext.SSM_PARAMETER_ENV);
            if (governance(f)) {
                assertThat(env).as(f.name()).containsEntry(PolicyContext.JSON_ENV, compact);
                governed++;
            } else {
                assertThat(env).as(f.name()).doesNotContainKey(PolicyContext.JSON_ENV);
            }
        }
        assertThat(governed).isPositive().isLessThan(Catalog.functions().size());
    }

    @Test
    void aPolicyParameterIsNamedToTheGovernanceFunctionsWhichAloneMayReadIt() {
        JeevesStack stack = Synth.fromContext(Map.of("policyParameter", "/jeeves/policy"));
        Template template = Template.fromStack(stack);
        String parameter = "ssm:GetParameter arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/jeeves/policy";
        for (FunctionSpec f : Catalog.functions()) {
            Map<String, Object> env = Synth.environmentOf(template, stack, f.name());
            assertThat(env).as(f.name()).doesNotContainKey(PolicyContext.JSON_ENV);
            var statements = Synth.statementsOfFunction(template, stack.functions().get(f.name()));
            if (governance(f)) {
                assertThat(env).as(f.name()).containsEntry(PolicyContext.SSM_PARAMETER_ENV, "/jeeves/policy");
                assertThat(Synth.allowed(statements, "ssm:")).as(f.name()).containsExactly(parameter);
            } else {
                assertThat(env).as(f.name()).doesNotContainKey(PolicyContext.SSM_PARAMETER_ENV);
                assertThat(Synth.allowed(statements, "ssm:")).as(f.name()).isEmpty();
            }
        }
    }

    @Test
    void anInvalidPolicyFailsTheSynthNamingTheFieldAndTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), POLICY.replace("\"$50.00\"", "\"$900.00\""));
        assertThatThrownBy(() -> Synth.fromContext(Map.of("policy", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context policy (" + file + ")")
                .hasMessageContaining("approval.threshold: ")
                .hasMessageContaining("must be below budget_ceiling");
    }

    @Test
    void aPolicyWithAnUnknownFieldOrNoVersionFailsTheSynthNamingIt(@TempDir Path dir) throws Exception {
        Path unknown = Files.writeString(dir.resolve("unknown.json"), "{\"version\": \"v1\", \"budget_cieling\": 10}");
        assertThatThrownBy(() -> Synth.fromContext(Map.of("policy", unknown.toString()))).hasMessageContaining("budget_cieling");
        Path noVersion = Files.writeString(dir.resolve("noversion.json"), "{\"budget_ceiling\": 10}");
        assertThatThrownBy(() -> Synth.fromContext(Map.of("policy", noVersion.toString()))).hasMessageContaining("version: ");
    }

    @Test
    void aPolicyFileThatIsNotAJsonObjectOrIsMissingFailsTheSynth(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("policy.yaml"), "version: v1\n");
        assertThatThrownBy(() -> Synth.fromContext(Map.of("policy", notJson.toString())))
                .hasMessageContaining("context policy (" + notJson + "): not a JSON object");
        Path duplicate = Files.writeString(dir.resolve("dup.json"), "{\"version\": \"a\", \"version\": \"b\"}");
        assertThatThrownBy(() -> Synth.fromContext(Map.of("policy", duplicate.toString()))).hasMessageContaining("Duplicate field 'version'");
        assertThatThrownBy(() -> Synth.fromContext(Map.of("policy", dir.resolve("absent.json").toString())))
                .hasMessageContaining("cannot read the file");
    }

    @Test
    void bothSourcesOrABadParameterNameFailTheSynth(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), POLICY);
        assertThatThrownBy(() -> Synth.fromContext(Map.of("policy", file.toString(), "policyParameter", "jeeves-policy")))
                .hasMessageContaining("context policy and policyParameter are both given");
        assertThatThrownBy(() -> Synth.fromContext(Map.of("policyParameter", "arn:aws:ssm:us-east-1:1:parameter/x")))
                .hasMessageContaining("not an SSM parameter name");
    }

    /** The stack of the catalog (the LocalStack profile: quicker, and the policy wiring does not depend on it). */
}
