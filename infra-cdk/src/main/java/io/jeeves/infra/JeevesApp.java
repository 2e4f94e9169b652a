package io.jeeves.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * {@code cdk deploy}: one stack with every table, function, schedule, queue, bucket, event-source mapping,
 * state machine and the HTTP API of the catalog.
 *
 * <p>Context values: {@code jwtIssuer} and {@code jwtAudience} (the JWT authorizer; required to deploy),
 * {@code prefix} (resource names, default {@code jeeves}), {@code functionsJar} (the asset, default the
 * jar Maven copies to {@code target/assets}), {@code snapStart} (default true), {@code stateMachinesDir}
 * (default the repository's {@code statemachines/}), {@code httpApi} (default true; false for LocalStack's
 * free edition, which has no API Gateway v2), and at most one of {@code policy} (a policy JSON file,
 * validated at synth, given to the governance functions as {@code JEEVES_POLICY_JSON}) and
 * {@code policyParameter} (an SSM parameter holding it: {@code JEEVES_POLICY_SSM_PARAMETER} and
 * {@code ssm:GetParameter} on it); with neither, the default policy applies.
 */
public final class JeevesApp {
    private JeevesApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        JeevesStack.Settings settings = JeevesStack.Settings.fromContext(app);
        new JeevesStack(app, settings.prefix(), StackProps.builder()
                .description("Jeeves: a governed runtime for LLM agents (kernel API)").build(), settings);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }
}
