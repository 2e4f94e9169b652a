package io.jeeves.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.BucketSpec;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.QueueSpec;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.catalog.StateMachineSpec;
import io.jeeves.catalog.Substitution;
import io.jeeves.catalog.TableSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized template deploys exactly the catalog, with the security settings we promise. */
class JeevesStackTest {
    static JeevesStack stack;
    static Template template;

    @BeforeAll
    static void synth() {
        stack = Synth.catalog().stack();
        template = Synth.catalog().template();
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
        assertThat(Synth.nagFindings(stack)).isEmpty();
    }

    @Test
    void queuesAreEncryptedTlsOnlyWithTheirTimesAndRedrive() {
        template.resourceCountIs("AWS::SQS::Queue", Catalog.queues().size());
        for (QueueSpec q : Catalog.queues()) {
            Map<String, Object> expected = new HashMap<>(Map.of(
                    "QueueName", "jeeves-" + q.id(),
                    "SqsManagedSseEnabled", true,
                    "VisibilityTimeout", q.visibilityTimeoutSeconds(),
                    "MessageRetentionPeriod", q.retentionSeconds()));
            if (q.deadLetterQueue() != null) {
                expected.put("RedrivePolicy", Map.of("maxReceiveCount", q.maxReceiveCount(),
                        "deadLetterTargetArn", Synth.arn(stack.queues().get(q.deadLetterQueue()))));
            } else {
                expected.put("RedrivePolicy", Match.absent());
            }
            template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(expected));
            template.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of(
                    "Queues", List.of(Synth.ref(stack.queues().get(q.id()))),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny", "Action", "sqs:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        }
        assertThat(Catalog.queues()).anyMatch(q -> q.deadLetterQueue() != null);
    }

    @Test
    void bucketsAreEncryptedPrivateTlsOnlyVersionedRetainedAndAccessLogged() {
        // one more: the access-log bucket
        template.resourceCountIs("AWS::S3::Bucket", Catalog.buckets().size() + 1);
        for (BucketSpec b : Catalog.buckets()) {
            String id = Synth.logicalId(stack.buckets().get(b.id()));
            Map<String, Object> bucket = template.findResources("AWS::S3::Bucket").get(id);
            assertThat(bucket).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
            template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                    "BucketName", Map.of("Fn::Join", List.of("", List.of("jeeves-" + b.id() + "-",
                            Map.of("Ref", "AWS::AccountId"), "-", Map.of("Ref", "AWS::Region")))),
                    "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                    "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                    "VersioningConfiguration", Map.of("Status", "Enabled"),
                    "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", b.id() + "/")))));
            template.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                    "Bucket", Map.of("Ref", id),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny", "Action", "s3:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        }
    }

    @Test
    void stateMachinesRunTheirFileWithSubstitutionsLoggingAndTracing() throws Exception {
        template.resourceCountIs("AWS::StepFunctions::StateMachine", Catalog.stateMachines().size());
        for (StateMachineSpec m : Catalog.stateMachines()) {
            String asl = Files.readString(Path.of("..", "statemachines", m.file()));
            Capture substitutions = new Capture();
            template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                    "StateMachineName", "jeeves-" + m.name(),
                    "StateMachineType", m.type(),
                    "DefinitionString", asl,
                    "DefinitionSubstitutions", substitutions,
                    "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", false,
                            "Destinations", List.of(Map.of("CloudWatchLogsLogGroup", Map.of("LogGroupArn", Match.anyValue()))))),
                    "TracingConfiguration", Map.of("Enabled", true))));
            assertThat(substitutions.asObject().keySet()).isEqualTo(Substitution.used(asl));
        }
        for (StateMachineSpec m : Catalog.stateMachines()) {
            template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                    "LogGroupName", "/aws/vendedlogs/states/jeeves-" + m.name())));
        }
    }

    @Test
    void processTaskSubstitutionsNameTheLiveAliasesAndTheQueue() {
        // SnapStart is on: routes and state machines call the "live" alias
        Synth.PROCESS_TASK_FUNCTIONS.forEach(fn -> assertThat(stack.functions().get(fn)).isInstanceOf(Alias.class));
        assertThat(Synth.substitutionsOf(template, "jeeves-process-task"))
                .isEqualTo(Synth.processTaskSubstitutions(stack, Synth::ref));
    }

    @Test
    void processTaskMayInvokeExactlyItsFourFunctionsAndSendToCapabilityTasks() {
        String role = Synth.logicalId(stack.stateMachines().get("process-task").getRole());
        Set<String> invocable = new HashSet<>();
        Set<Object> sendable = new HashSet<>();
        for (Map<String, Object> statement : Synth.statementsOfRole(template, role)) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            List<String> actions = Synth.actions(statement);
            Object resource = statement.get("Resource");
            if ("*".equals(resource)) {
                // what CDK adds for logging to CloudWatch Logs and for X-Ray: no resource-level permissions exist
                assertThat(actions).as(statement.toString()).allMatch(a -> LOG_DELIVERY.contains(a) || a.startsWith("xray:"));
            } else if (actions.equals(List.of("lambda:InvokeFunction"))) {
                invocable.add(logicalIdOf(resource));
            } else {
                assertThat(actions).as(statement.toString()).isEqualTo(List.of("sqs:SendMessage"));
                sendable.add(resource);
            }
        }
        Set<String> expected = new HashSet<>();
        Synth.PROCESS_TASK_FUNCTIONS.forEach(fn -> expected.add(Synth.logicalId(stack.functions().get(fn))));
        assertThat(invocable).isEqualTo(expected);
        assertThat(sendable).containsExactly(Synth.arn(stack.queues().get(Catalog.CAPABILITY_TASKS)));
    }

    @Test
    void outputsNameTheStateMachinesQueuesAndBuckets() {
        for (StateMachineSpec m : Catalog.stateMachines()) {
            template.hasOutput("StateMachineArn" + JeevesStack.pascal(m.name()),
                    Map.of("Value", Synth.ref(stack.stateMachines().get(m.name()))));
        }
        for (QueueSpec q : Catalog.queues()) {
            template.hasOutput("QueueUrl" + JeevesStack.pascal(q.id()), Match.objectLike(Map.of(
                    "Value", Synth.ref(stack.queues().get(q.id())))));
        }
        for (BucketSpec b : Catalog.buckets()) {
            template.hasOutput("BucketName" + JeevesStack.pascal(b.id()), Map.of("Value", Synth.ref(stack.buckets().get(b.id()))));
        }
    }

    private static final Set<String> LOG_DELIVERY = Set.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

    @SuppressWarnings("unchecked")
    private static String logicalIdOf(Object ref) {
        assertThat(ref).as("a Ref to one function or alias, not a pattern").isInstanceOf(Map.class);
        return (String) ((Map<String, Object>) ref).get("Ref");
    }
}
