package io.jeeves.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The LLM gateway's function alone may invoke Bedrock models and read the providers' keys, with time to stream. */
class JeevesStackLlmTest {


    @Test
    void onlyModelCallersMayInvokeModelsAndReadTheKeysAndTheConfigurationParameter() {
        JeevesStack stack = Synth.fromContext(Map.of("llmParameter", "/jeeves/llm"));
        Template template = Template.fromStack(stack);
        int callers = 0;
        for (FunctionSpec f : Catalog.functions()) {
            var statements = Synth.statementsOfFunction(template, stack.functions().get(f.name()));
            Map<String, Object> env = Synth.environmentOf(template, stack, f.name());
            if (f.grants().contains(FunctionSpec.Grant.INVOKE_MODELS)) {
                callers++;
                assertThat(Synth.allowed(statements, "bedrock:")).as(f.name()).containsExactlyInAnyOrder(
                        "bedrock:InvokeModel arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/*",
                        "bedrock:InvokeModel arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/*",
                        "bedrock:InvokeModelWithResponseStream arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/*",
                        "bedrock:InvokeModelWithResponseStream arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/*");
                assertThat(Synth.lambda(stack.functions().get(f.name())).getTimeout().toSeconds()).isEqualTo(300);
            } else {
                assertThat(Synth.allowed(statements, "bedrock:")).as(f.name()).isEmpty();
            }
            if (f.grants().contains(FunctionSpec.Grant.READ_LLM_SECRETS)) {
                assertThat(Synth.allowed(statements, "secretsmanager:")).as(f.name()).containsExactly(
                        "secretsmanager:GetSecretValue arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:jeeves/llm/*");
                assertThat(Synth.allowed(statements, "ssm:")).as(f.name()).containsExactly(
                        "ssm:GetParameter arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/jeeves/llm");
                assertThat(env).as(f.name()).containsEntry(JeevesStack.LLM_SSM_PARAMETER_ENV, "/jeeves/llm");
            } else {
                assertThat(Synth.allowed(statements, "secretsmanager:")).as(f.name()).isEmpty();
                assertThat(env).as(f.name()).doesNotContainKey(JeevesStack.LLM_SSM_PARAMETER_ENV);
            }
        }
        assertThat(callers).isPositive();
        assertThat(Synth.nagFindings(stack)).isEmpty();
    }
}
