package io.jeeves.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.catalog.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The kernel as deployed: the catalog's tables (on demand, TTL, point-in-time recovery, encrypted with
 * a KMS key), one Lambda per function from the functions jar (java21), each granted only the tables it
 * uses, the HTTP API with a JWT authorizer and per-route scopes, and the cleanup schedule.
 */
public final class JeevesStack extends Stack {

    /** Deployment settings, from CDK context. */
    public record Settings(String prefix, String jwtIssuer, List<String> jwtAudience, String functionsJar, boolean snapStart) {

        public static final String DEFAULT_JAR = "target/assets/jeeves-functions.jar";

        static Settings fromContext(Construct scope) {
            return new Settings(
                    context(scope, "prefix", "jeeves"),
                    context(scope, "jwtIssuer", "https://issuer.invalid/"),
                    List.of(context(scope, "jwtAudience", "jeeves").split(",")),
                    context(scope, "functionsJar", System.getProperty("jeeves.functions.jar", DEFAULT_JAR)),
                    Boolean.parseBoolean(context(scope, "snapStart", "true")));
        }

        private static String context(Construct scope, String key, String fallback) {
            Object v = scope.getNode().tryGetContext(key);
            return v == null ? fallback : v.toString();
        }
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, IFunction> functions = new LinkedHashMap<>();
    private final HttpApi api;

    public JeevesStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        for (TableSpec spec : Catalog.tables()) {
            tables.put(spec.id(), table(settings, spec));
        }
        Code code = Code.fromAsset(settings.functionsJar());
        for (FunctionSpec spec : Catalog.functions()) {
            functions.put(spec.name(), function(settings, spec, code));
        }
        HttpJwtAuthorizer authorizer = HttpJwtAuthorizer.Builder.create("JwtAuthorizer", settings.jwtIssuer())
                .jwtAudience(settings.jwtAudience()).identitySource(List.of("$request.header.Authorization")).build();
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs").retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.RETAIN).build();
        api = HttpApi.Builder.create(this, "HttpApi").apiName(settings.prefix() + "-api")
                .description("Jeeves kernel API v1").defaultAuthorizer(authorizer).build();
        CfnStage stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
        stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format("{\"requestId\":\"$context.requestId\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                        + "\"sub\":\"$context.authorizer.claims.sub\",\"latency\":\"$context.responseLatency\","
                        + "\"integrationError\":\"$context.integrationErrorMessage\"}")
                .build());
        for (FunctionSpec spec : Catalog.functions()) {
            for (RouteSpec route : spec.routes()) {
                api.addRoutes(AddRoutesOptions.builder().path(route.path())
                        .methods(List.of(HttpMethod.valueOf(route.method())))
                        .integration(new HttpLambdaIntegration(spec.name() + "Integration", functions.get(spec.name())))
                        .authorizer(authorizer).authorizationScopes(route.scopes().isEmpty() ? null : route.scopes())
                        .build());
            }
            if (spec.schedule() != null) {
                Rule.Builder.create(this, spec.name() + "Schedule").schedule(Schedule.expression(spec.schedule()))
                        .description("Runs " + spec.name()).targets(List.of(new LambdaFunction(functions.get(spec.name()))))
                        .build();
            }
        }
        CfnOutput.Builder.create(this, "ApiUrl").value(api.getApiEndpoint()).description("The HTTP API").build();
        tables.forEach((tid, t) -> CfnOutput.Builder.create(this, "TableName" + pascal(tid)).value(t.getTableName()).build());
        suppressJustifiedFindings();
    }

    private Table table(Settings settings, TableSpec spec) {
        Table t = Table.Builder.create(this, "Table" + pascal(spec.id()))
                .tableName(settings.prefix() + "-" + spec.id())
                .partitionKey(attribute(spec.partitionKey()))
                .sortKey(spec.sortKey() == null ? null : attribute(spec.sortKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(spec.ttlAttribute())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        for (TableSpec.Index i : spec.indexes()) {
            t.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName(i.name())
                    .partitionKey(attribute(i.partitionKey())).sortKey(attribute(i.sortKey()))
                    .projectionType(ProjectionType.ALL).build());
        }
        return t;
    }

    private static Attribute attribute(TableSpec.Key key) {
        return Attribute.builder().name(key.name())
                .type(key.type() == TableSpec.Type.S ? AttributeType.STRING : AttributeType.NUMBER).build();
    }

    private IFunction function(Settings settings, FunctionSpec spec, Code code) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POWERTOOLS_SERVICE_NAME", "jeeves");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Jeeves");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        // C1 only: a short-lived function gains more from fast start than from peak throughput
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        spec.tables().keySet().forEach(tid -> env.put(Catalog.table(tid).envVar(), tables.get(tid).getTableName()));
        String name = settings.prefix() + "-" + spec.name();
        LogGroup logs = LogGroup.Builder.create(this, spec.name() + "Logs").logGroupName("/aws/lambda/" + name)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.RETAIN).build();
        Function fn = Function.Builder.create(this, spec.name() + "Function")
                .functionName(name)
                .description(spec.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handlerClass() + "::handleRequest")
                .code(code)
                .memorySize(1024)
                .timeout(Duration.seconds(spec.schedule() != null ? 120 : 15))
                .environment(env)
                .tracing(Tracing.ACTIVE)
                .logGroup(logs)
                .snapStart(settings.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .build();
        spec.tables().forEach((tid, access) -> {
            Table t = tables.get(tid);
            if (access == FunctionSpec.Access.WRITE) {
                t.grantReadWriteData(fn);
            } else {
                t.grantReadData(fn);
            }
        });
        if (!settings.snapStart()) {
            return fn;
        }
        // SnapStart applies to published versions: traffic goes through the "live" alias
        return Alias.Builder.create(this, spec.name() + "Live").aliasName("live").version(fn.getCurrentVersion()).build();
    }

    private void suppressJustifiedFindings() {
        NagSuppressions.addStackSuppressions(this, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .reason("Lambda's basic execution role (CloudWatch Logs) is the AWS-managed AWSLambdaBasicExecutionRole")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Wildcards are limited to the granted tables' own indexes (table/x/index/*) and X-Ray "
                                + "PutTraceSegments, which has no resource-level permissions")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("java21 is the newest Java runtime the functions are built and tested for")
                        .build()));
    }

    public HttpApi api() {
        return api;
    }

    public Map<String, Table> tables() {
        return tables;
    }

    static String pascal(String id) {
        StringBuilder b = new StringBuilder();
        for (String part : id.split("[-_]")) {
            b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return b.toString();
    }

}
