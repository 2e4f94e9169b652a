package io.jeeves.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.catalog.TableSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized template deploys exactly the catalog, with the security settings we promise. */
class JeevesStackTest {
    static JeevesStack stack;
    static Template template;

    @BeforeAll
    static void synth() {
        App app = new App();
        app.getNode().setContext("jwtIssuer", "https://auth.example.com/");
        app.getNode().setContext("jwtAudience", "jeeves-api");
        stack = new JeevesStack(app, "jeeves", StackProps.builder().build(), JeevesStack.Settings.fromContext(app));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
        template = Template.fromStack(stack);
    }

    @Test
    void tablesAreOnDemandWithTtlRecoveryAndEncryption() {
        template.resourceCountIs("AWS::DynamoDB::Table", Catalog.tables().size());
        for (TableSpec t : Catalog.tables()) {
            template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                    "TableName", "jeeves-" + t.id(),
                    "BillingMode", "PAY_PER_REQUEST",
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                    "SSESpecification", Map.of("SSEEnabled", true),
                    "DeletionProtectionEnabled", true)));
        }
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", "jeeves-processes",
                "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true),
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "IndexName", "ready-index",
                        "KeySchema", List.of(Map.of("AttributeName", "ready_pk", "KeyType", "HASH"),
                                Map.of("AttributeName", "ready_key", "KeyType", "RANGE")))))))));
    }

    @Test
    void oneJava21FunctionPerCatalogEntryWithItsHandlerAndTables() {
        template.resourceCountIs("AWS::Lambda::Function", Catalog.functions().size());
        for (FunctionSpec f : Catalog.functions()) {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "jeeves-" + f.name(),
                    "Runtime", "java21",
                    "Handler", f.handlerClass() + "::handleRequest",
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active"))));
        }
        Capture env = new Capture();
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "jeeves-GetInterrupt", "Environment", Map.of("Variables", env))));
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) env.asObject();
        assertThat(vars).containsKeys("JEEVES_TABLES_INTERRUPTS", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE")
                .doesNotContainKey("JEEVES_TABLES_PROCESSES");
    }

    @Test
    void eachFunctionIsGrantedOnlyItsOwnTables() {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
        int checked = 0;
        for (FunctionSpec f : Catalog.functions()) {
            String logicalPrefix = f.name() + "FunctionServiceRoleDefaultPolicy";
            var policy = policies.entrySet().stream().filter(e -> e.getKey().startsWith(logicalPrefix)).findFirst();
            assertThat(policy).as(f.name()).isPresent();
            String doc = policy.get().getValue().toString();
            for (TableSpec t : Catalog.tables()) {
                String ref = "Table" + JeevesStack.pascal(t.id());
                boolean granted = doc.contains(ref);
                assertThat(granted).as(f.name() + " on " + t.id()).isEqualTo(f.tables().containsKey(t.id()));
            }
            boolean writes = doc.contains("dynamodb:PutItem");
            assertThat(writes).as(f.name() + " writes").isEqualTo(f.tables().containsValue(FunctionSpec.Access.WRITE));
            checked++;
        }
        assertThat(checked).isEqualTo(Catalog.functions().size());
    }

    @Test
    void theHttpApiHasEveryRouteBehindTheJwtAuthorizerWithItsScopes() {
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Match.objectLike(Map.of(
                "AuthorizerType", "JWT",
                "JwtConfiguration", Map.of("Issuer", "https://auth.example.com/", "Audience", List.of("jeeves-api")))));
        Set<String> expected = new HashSet<>();
        Catalog.functions().forEach(f -> f.routes().forEach(r -> expected.add(r.routeKey())));
        Set<String> actual = new HashSet<>();
        template.findResources("AWS::ApiGatewayV2::Route").values().forEach(r -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) r.get("Properties");
            assertThat(props.get("AuthorizationType")).isEqualTo("JWT");
            actual.add((String) props.get("RouteKey"));
        });
        assertThat(actual).isEqualTo(expected);
        for (FunctionSpec f : Catalog.functions()) {
            for (RouteSpec r : f.routes()) {
                if (!r.scopes().isEmpty()) {
                    template.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of(
                            "RouteKey", r.routeKey(), "AuthorizationScopes", r.scopes())));
                }
            }
        }
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue())))));
    }

    @Test
    void cleanupRunsEveryFiveMinutes() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(5 minutes)", "State", "ENABLED")));
    }

    @Test
    void cdkNagFindsNothingUnjustified() {
        List<String> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
        assertThat(errors).isEmpty();
        List<String> warnings = Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
        assertThat(warnings).isEmpty();
    }
}
