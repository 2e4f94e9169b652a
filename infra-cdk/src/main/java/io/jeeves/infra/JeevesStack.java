package io.jeeves.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.jeeves.catalog.BucketSpec;
import io.jeeves.catalog.EventSourceSpec;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.QueueSpec;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.catalog.StateMachineSpec;
import io.jeeves.catalog.Substitution;
import io.jeeves.catalog.TableSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
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
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The kernel as deployed: the catalog's tables (on demand, TTL, point-in-time recovery, encrypted at
 * rest), one Lambda per function from the functions jar (java21), each granted only the tables, bucket
 * objects (get, or get and put; never delete nor list) and flows (start, or answer task tokens and stop
 * executions) the catalog lists for it, with their names and ARNs in its environment, and the governance
 * functions given the policy of context {@code policy} or {@code policyParameter}, the HTTP API with a JWT authorizer and per-route scopes, the cleanup schedule, the queues (SSE, TLS
 * only, dead-letter redrive), the buckets (encrypted, private, TLS only, versioned, access-logged), the
 * event-source mappings, and the state machines of {@code statemachines/} with their definition
 * substitutions and a role granted exactly what the definition's variables name.
 */
public final class JeevesStack extends Stack {

    /**
     * Deployment settings, from CDK context.
     *
     * @param stateMachinesDir the folder of the {@code *.asl.json} definitions
     * @param httpApi whether to deploy the HTTP API and its JWT authorizer (LocalStack's free edition has
     *     no API Gateway v2: {@code -c httpApi=false})
     * @param policyJson the policy gate's configuration (compact JSON, validated) from the file context
     *     {@code policy} names, or null
     * @param policyParameter the SSM parameter context {@code policyParameter} names, or null; at most one of
     *     the two is set, and with neither the governance functions use the default policy
     */
    public record Settings(String prefix, String jwtIssuer, List<String> jwtAudience, String functionsJar, boolean snapStart,
            String stateMachinesDir, boolean httpApi, String policyJson, String policyParameter, String llmParameter) {

        public static final String DEFAULT_JAR = "target/assets/jeeves-functions.jar";

        static Settings fromContext(Construct scope) {
            String policyFile = context(scope, PolicyContext.POLICY, null);
            String policyParameter = context(scope, PolicyContext.POLICY_PARAMETER, null);
            PolicyContext.requireAtMostOne(policyFile, policyParameter);
            String llmParameter = context(scope, "llmParameter", null);
            return new Settings(
                    context(scope, "prefix", "jeeves"),
                    context(scope, "jwtIssuer", "https://issuer.invalid/"),
                    List.of(context(scope, "jwtAudience", "jeeves").split(",")),
                    context(scope, "functionsJar", System.getProperty("jeeves.functions.jar", DEFAULT_JAR)),
                    Boolean.parseBoolean(context(scope, "snapStart", "true")),
                    context(scope, "stateMachinesDir", System.getProperty("jeeves.statemachines.dir", defaultStateMachinesDir())),
                    Boolean.parseBoolean(context(scope, "httpApi", "true")),
                    policyFile == null ? null : PolicyContext.json(policyFile),
                    policyParameter == null ? null : PolicyContext.parameterName(policyParameter),
                    llmParameter == null ? null : PolicyContext.parameterName(llmParameter));
        }

        /** {@code statemachines/} of the repository, from {@code infra-cdk/} (where cdk runs) or the root. */
        static String defaultStateMachinesDir() {
            for (String candidate : List.of("../statemachines", "statemachines")) {
                if (Files.isDirectory(Path.of(candidate))) {
                    return Path.of(candidate).toAbsolutePath().normalize().toString();
                }
            }
            return "../statemachines";
        }

        /** A context value; an empty one (e.g. {@code -c policy=}) counts as absent. */
        private static String context(Construct scope, String key, String fallback) {
            Object v = scope.getNode().tryGetContext(key);
            return v == null || v.toString().isBlank() ? fallback : v.toString();
        }
    }

    /** What a role may do: for state machines from their variables ({@link #grantsFor}), for functions from the catalog. */
    private record Grant(List<String> actions, List<String> resources) {
        PolicyStatement statement() {
            return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
        }
    }

    /** The package of the governance functions (ADR 011), which load the policy gate's configuration at start. */
    static final String GOVERNANCE_HANDLERS = "io.jeeves.functions.governance.";

    private final Blueprint blueprint;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, IFunction> functions = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();
    private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();
    private HttpApi api;

    /** The stack of everything in the catalog. */
    public JeevesStack(Construct scope, String id, StackProps props, Settings settings) {
        this(scope, id, props, settings, Blueprint.catalog());
    }

    public JeevesStack(Construct scope, String id, StackProps props, Settings settings, Blueprint blueprint) {
        super(scope, id, props);
        this.blueprint = blueprint;
        // access-log delivery through a bucket policy (no ACLs), as AWS recommends
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        for (TableSpec spec : blueprint.tables()) {
            tables.put(spec.id(), table(settings, spec));
        }
        blueprint.queues().forEach(spec -> queue(settings, spec));
        if (!blueprint.buckets().isEmpty()) {
            Bucket accessLogs = accessLogsBucket();
            for (BucketSpec spec : blueprint.buckets()) {
                buckets.put(spec.id(), bucket(settings, spec, accessLogs));
            }
        }
        Code code = Code.fromAsset(settings.functionsJar());
        for (FunctionSpec spec : blueprint.functions()) {
            functions.put(spec.name(), function(settings, spec, code));
        }
        for (EventSourceSpec spec : blueprint.eventSources()) {
            eventSource(spec);
        }
        if (settings.httpApi()) {
            api = httpApi(settings);
        }
        for (FunctionSpec spec : blueprint.functions()) {
            if (spec.schedule() != null) {
                Rule.Builder.create(this, spec.name() + "Schedule").schedule(Schedule.expression(spec.schedule()))
                        .description("Runs " + spec.name()).targets(List.of(new LambdaFunction(functions.get(spec.name()))))
                        .build();
            }
        }
        for (StateMachineSpec spec : blueprint.stateMachines()) {
            stateMachines.put(spec.name(), stateMachine(settings, spec));
        }
        if (api != null) {
            CfnOutput.Builder.create(this, "ApiUrl").value(api.getApiEndpoint()).description("The HTTP API").build();
        }
        tables.forEach((tid, t) -> CfnOutput.Builder.create(this, "TableName" + pascal(tid)).value(t.getTableName()).build());
        queues.forEach((qid, q) -> CfnOutput.Builder.create(this, "QueueUrl" + pascal(qid)).value(q.getQueueUrl())
                .description(blueprint.queue(qid).description()).build());
        buckets.forEach((bid, b) -> CfnOutput.Builder.create(this, "BucketName" + pascal(bid)).value(b.getBucketName()).build());
        stateMachines.forEach((name, m) -> CfnOutput.Builder.create(this, "StateMachineArn" + pascal(name))
                .value(m.getStateMachineArn()).build());
        suppressJustifiedFindings();
    }

    private HttpApi httpApi(Settings settings) {
        HttpJwtAuthorizer authorizer = HttpJwtAuthorizer.Builder.create("JwtAuthorizer", settings.jwtIssuer())
                .jwtAudience(settings.jwtAudience()).identitySource(List.of("$request.header.Authorization")).build();
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs").retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.RETAIN).build();
        HttpApi httpApi = HttpApi.Builder.create(this, "HttpApi").apiName(settings.prefix() + "-api")
                .description("Jeeves kernel API v1").defaultAuthorizer(authorizer).build();
        CfnStage stage = (CfnStage) httpApi.getDefaultStage().getNode().getDefaultChild();
        stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format("{\"requestId\":\"$context.requestId\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                        + "\"sub\":\"$context.authorizer.claims.sub\",\"latency\":\"$context.responseLatency\","
                        + "\"integrationError\":\"$context.integrationErrorMessage\"}")
                .build());
        for (FunctionSpec spec : blueprint.functions()) {
            for (RouteSpec route : spec.routes()) {
                httpApi.addRoutes(AddRoutesOptions.builder().path(route.path())
                        .methods(List.of(HttpMethod.valueOf(route.method())))
                        .integration(new HttpLambdaIntegration(spec.name() + "Integration", functions.get(spec.name())))
                        .authorizer(authorizer).authorizationScopes(route.scopes().isEmpty() ? null : route.scopes())
                        .build());
            }
        }
        return httpApi;
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
        spec.tables().keySet().forEach(tid -> env.put(blueprint.table(tid).envVar(), tables.get(tid).getTableName()));
        requireDeployed(spec);
        spec.buckets().keySet().forEach(bid -> env.put(blueprint.bucket(bid).envVar(), buckets.get(bid).getBucketName()));
        // from the name, as substitutions are: the function never depends on the state machine (no cycle
        // when a machine invokes a function that starts or controls it)
        spec.stateMachines().keySet().forEach(m -> env.put(blueprint.stateMachine(m).envVar(), stateMachineArn(settings, m)));
        boolean governance = spec.handlerClass().startsWith(GOVERNANCE_HANDLERS);
        if (governance && settings.policyJson() != null) {
            env.put(PolicyContext.JSON_ENV, settings.policyJson());
        }
        if (governance && settings.policyParameter() != null) {
            env.put(PolicyContext.SSM_PARAMETER_ENV, settings.policyParameter());
        }
        if (spec.grants().contains(FunctionSpec.Grant.READ_LLM_SECRETS) && settings.llmParameter() != null) {
            env.put(LLM_SSM_PARAMETER_ENV, settings.llmParameter());
        }
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
                .timeout(Duration.seconds(timeoutSeconds(spec)))
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
        List<Grant> grants = new ArrayList<>();
        spec.buckets().forEach((bid, access) -> grants.addAll(objectGrants(buckets.get(bid), access)));
        spec.stateMachines().forEach((m, flow) -> grants.addAll(flowGrants(settings, m, flow)));
        if (governance && settings.policyParameter() != null) {
            grants.add(new Grant(List.of("ssm:GetParameter"), List.of(parameterArn(settings.policyParameter()))));
        }
        grants.addAll(serviceGrants(settings, spec));
        // on the function's role: the "live" alias runs with it too
        grants.forEach(g -> fn.addToRolePolicy(g.statement()));
        if (!settings.snapStart()) {
            return fn;
        }
        // SnapStart applies to published versions: traffic goes through the "live" alias
        return Alias.Builder.create(this, spec.name() + "Live").aliasName("live").version(fn.getCurrentVersion()).build();
    }

    /** The LLM gateway's configuration document in SSM (context {@code llmParameter}). */
    static final String LLM_SSM_PARAMETER_ENV = "JEEVES_LLM_SSM_PARAMETER";
    /** Secrets holding the LLM providers' API keys are named {@code jeeves/llm/...}. */
    static final String LLM_SECRETS = "jeeves/llm/";

    /**
     * What a function may use beyond tables, buckets and flows: INVOKE_MODELS invokes Bedrock's foundation
     * models and inference profiles of the stack's region (Converse needs InvokeModel, ConverseStream
     * InvokeModelWithResponseStream); READ_LLM_SECRETS reads the secrets under {@code jeeves/llm/} (the key
     * references of the agents' configurations) and the LLM configuration parameter when one is given.
     */
    private List<Grant> serviceGrants(Settings settings, FunctionSpec spec) {
        List<Grant> grants = new ArrayList<>();
        if (spec.grants().contains(FunctionSpec.Grant.INVOKE_MODELS)) {
            grants.add(new Grant(List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"), List.of(
                    "arn:" + getPartition() + ":bedrock:" + getRegion() + "::foundation-model/*",
                    formatArn(ArnComponents.builder().service("bedrock").resource("inference-profile").resourceName("*")
                            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()))));
        }
        if (spec.grants().contains(FunctionSpec.Grant.READ_LLM_SECRETS)) {
            grants.add(new Grant(List.of("secretsmanager:GetSecretValue"), List.of(formatArn(ArnComponents.builder()
                    .service("secretsmanager").resource("secret").resourceName(LLM_SECRETS + "*")
                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))));
            if (settings.llmParameter() != null) {
                grants.add(new Grant(List.of("ssm:GetParameter"), List.of(parameterArn(settings.llmParameter()))));
            }
        }
        return grants;
    }

    /** A function's buckets and flows must be deployed: it would be given no name or ARN for them. */
    private void requireDeployed(FunctionSpec spec) {
        spec.buckets().keySet().stream().filter(id -> !buckets.containsKey(id)).findFirst().ifPresent(id -> {
            throw new IllegalArgumentException("function " + spec.name() + " uses bucket '" + id
                    + "', which the stack does not deploy");
        });
        spec.stateMachines().keySet().stream().filter(m -> blueprint.stateMachines().stream().noneMatch(d -> d.name().equals(m)))
                .findFirst().ifPresent(m -> {
                    throw new IllegalArgumentException("function " + spec.name() + " uses state machine '" + m
                            + "', which the stack does not deploy");
                });
    }

    /**
     * What a function may do with a flow, on ARNs formed from the machine's name: START starts executions;
     * CONTROL answers the machine's task tokens and stops its executions (nothing else: it starts none).
     */
    private List<Grant> flowGrants(Settings settings, String machine, FunctionSpec.Flow flow) {
        return switch (flow) {
            case START -> List.of(new Grant(List.of("states:StartExecution"), List.of(stateMachineArn(settings, machine))));
            case CONTROL -> List.of(
                    // what CDK's grantTaskResponse grants: task tokens are authorized on their state machine
                    new Grant(List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"),
                            List.of(stateMachineArn(settings, machine))),
                    new Grant(List.of("states:StopExecution"), List.of(executionsArn(settings, machine))));
        };
    }

    /**
     * S3 object access: READ gets objects (GetObject, which HeadObject needs too), WRITE also puts them.
     * Never delete (artifacts are immutable) and never list: {@code S3BlobStore} puts with
     * {@code If-None-Match} and reads a key's metadata only after a 412 (the key exists), and reads only
     * keys that metadata names, so S3 answering a missing key with 403 rather than 404 (the answer
     * without s3:ListBucket) never changes an outcome; ListBucket would let every function enumerate
     * every owner's artifacts.
     */
    private static List<Grant> objectGrants(Bucket bucket, FunctionSpec.Access access) {
        boolean write = access == FunctionSpec.Access.WRITE;
        Grant objects = new Grant(write ? List.of("s3:GetObject", "s3:PutObject") : List.of("s3:GetObject"),
                List.of(bucket.arnForObjects("*")));
        return withKey(objects, bucket.getEncryptionKey(), write ? ENCRYPT_DECRYPT : List.of("kms:Decrypt"));
    }

    /** An SSM parameter's ARN: {@code parameter/a/b} for {@code /a/b} and {@code a/b} alike. */
    private String parameterArn(String parameter) {
        return formatArn(ArnComponents.builder().service("ssm").resource("parameter")
                .resourceName(parameter.startsWith("/") ? parameter.substring(1) : parameter)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    /** Scheduled functions 2 minutes, model calls 5 (a reply streams for minutes), the others 15 seconds. */
    private static int timeoutSeconds(FunctionSpec spec) {
        if (spec.grants().contains(FunctionSpec.Grant.INVOKE_MODELS)) {
            return 300;
        }
        return spec.schedule() != null ? 120 : 15;
    }

    /** A queue, after its dead-letter queue (created first when the catalog lists it later). */
    private Queue queue(Settings settings, QueueSpec spec) {
        Queue existing = queues.get(spec.id());
        if (existing != null) {
            return existing;
        }
        DeadLetterQueue dlq = null;
        if (spec.deadLetterQueue() != null) {
            if (spec.deadLetterQueue().equals(spec.id())) {
                throw new IllegalArgumentException("queue " + spec.id() + " cannot be its own dead-letter queue");
            }
            dlq = DeadLetterQueue.builder().queue(queue(settings, blueprint.queue(spec.deadLetterQueue())))
                    .maxReceiveCount(spec.maxReceiveCount()).build();
        }
        Queue q = Queue.Builder.create(this, "Queue" + pascal(spec.id()))
                .queueName(settings.prefix() + "-" + spec.id())
                .encryption(QueueEncryption.SQS_MANAGED) // decision record 008
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(spec.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.seconds(spec.retentionSeconds()))
                .deadLetterQueue(dlq)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        queues.put(spec.id(), q);
        return q;
    }

    /** Where the buckets' server access logs go (S3-managed keys: log delivery cannot use KMS). */
    private Bucket accessLogsBucket() {
        Bucket logs = Bucket.Builder.create(this, "AccessLogsBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(365)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagSuppressions.addResourceSuppressions(logs, List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                .reason("This bucket is the target of the other buckets' server access logs; logging its own access "
                        + "would log into itself").build()));
        return logs;
    }

    private Bucket bucket(Settings settings, BucketSpec spec, Bucket accessLogs) {
        // bucket names are global: the account and region make the prefixed name unique
        String name = String.join("-", settings.prefix().toLowerCase(Locale.ROOT), spec.id(), getAccount(), getRegion());
        return Bucket.Builder.create(this, "Bucket" + pascal(spec.id()))
                .bucketName(name)
                .encryption(BucketEncryption.S3_MANAGED) // decision record 008
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix(spec.id() + "/")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private void eventSource(EventSourceSpec spec) {
        Queue q = queues.get(spec.queue());
        IFunction fn = functions.get(spec.function());
        if (q == null || fn == null) {
            throw new IllegalArgumentException("event source " + spec.queue() + " -> " + spec.function()
                    + ": no such " + (q == null ? "queue" : "function"));
        }
        int visibility = blueprint.queue(spec.queue()).visibilityTimeoutSeconds();
        int timeout = timeoutSeconds(blueprint.function(spec.function()));
        if (visibility < timeout) {
            // Lambda refuses the mapping: a message would reappear while its batch is still being processed
            throw new IllegalArgumentException("event source " + spec.queue() + " -> " + spec.function() + ": the queue's "
                    + "visibility timeout (" + visibility + " s) is shorter than the function's timeout (" + timeout + " s)");
        }
        fn.addEventSource(SqsEventSource.Builder.create(q)
                .batchSize(spec.batchSize())
                .maxBatchingWindow(spec.maximumBatchingWindowSeconds() > 0
                        ? Duration.seconds(spec.maximumBatchingWindowSeconds()) : null)
                .reportBatchItemFailures(spec.reportBatchItemFailures())
                .build());
    }

    /**
     * The definition (inline, so that the template shows it) with its substitutions, logging of every event
     * without execution data, X-Ray tracing, and a role allowed exactly what the used variables name.
     */
    private StateMachine stateMachine(Settings settings, StateMachineSpec spec) {
        Definition definition = Definition.load(Path.of(settings.stateMachinesDir()), spec, blueprint.substitutions());
        Map<String, String> values = new LinkedHashMap<>();
        Set<Grant> grants = new LinkedHashSet<>();
        for (Substitution s : definition.used()) {
            values.put(s.name(), substitutionValue(settings, s));
            grants.addAll(grantsFor(settings, s, definition));
        }
        String name = settings.prefix() + "-" + spec.name();
        LogGroup logs = LogGroup.Builder.create(this, pascal(spec.name()) + "StateMachineLogs")
                .logGroupName("/aws/vendedlogs/states/" + name)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.RETAIN).build();
        StateMachine machine = StateMachine.Builder.create(this, pascal(spec.name()) + "StateMachine")
                .stateMachineName(name)
                .stateMachineType(stateMachineType(spec))
                .definitionBody(DefinitionBody.fromString(definition.text()))
                .definitionSubstitutions(values)
                // inputs and outputs carry users' task data: they stay out of the logs
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .tracingEnabled(true)
                .build();
        grants.forEach(g -> machine.addToRolePolicy(g.statement()));
        return machine;
    }

    private static StateMachineType stateMachineType(StateMachineSpec spec) {
        try {
            return StateMachineType.valueOf(spec.type());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state machine " + spec.name() + ": type must be STANDARD or EXPRESS, not "
                    + spec.type(), e);
        }
    }

    private String substitutionValue(Settings settings, Substitution s) {
        String r = s.resource();
        return switch (s.kind()) {
            // the IFunction routes use: the "live" alias with SnapStart, else the function
            case FUNCTION_ARN -> required(functions, r, s).getFunctionArn();
            case QUEUE_URL -> required(queues, r, s).getQueueUrl();
            case QUEUE_ARN -> required(queues, r, s).getQueueArn();
            case TABLE_NAME -> required(tables, r, s).getTableName();
            case BUCKET_NAME -> required(buckets, r, s).getBucketName();
            // from the name, so that machines may start each other (or themselves) without a cycle
            case STATE_MACHINE_ARN -> stateMachineArn(settings, r);
        };
    }

    private List<Grant> grantsFor(Settings settings, Substitution s, Definition definition) {
        String r = s.resource();
        return switch (s.kind()) {
            case FUNCTION_ARN -> List.of(new Grant(List.of("lambda:InvokeFunction"),
                    List.of(required(functions, r, s).getFunctionArn())));
            case QUEUE_URL, QUEUE_ARN -> withKey(new Grant(List.of("sqs:SendMessage"),
                    List.of(required(queues, r, s).getQueueArn())), queues.get(r).getEncryptionMasterKey(), ENCRYPT_DECRYPT);
            case TABLE_NAME -> List.of(new Grant(
                    List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
                    List.of(required(tables, r, s).getTableArn())));
            case BUCKET_NAME -> objectGrants(required(buckets, r, s), FunctionSpec.Access.WRITE);
            case STATE_MACHINE_ARN -> startExecutionGrants(settings, r, definition);
        };
    }

    private static final List<String> ENCRYPT_DECRYPT = List.of("kms:GenerateDataKey", "kms:Decrypt");

    /** The grant, and with a customer-managed key also the key's actions (none with service-managed keys). */
    private static List<Grant> withKey(Grant grant, IKey key, List<String> keyActions) {
        return key == null ? List.of(grant) : List.of(grant, new Grant(keyActions, List.of(key.getKeyArn())));
    }

    /** StartExecution; with {@code .sync} also what Step Functions needs to follow the child execution. */
    private List<Grant> startExecutionGrants(Settings settings, String machine, Definition definition) {
        blueprint.stateMachine(machine);
        Grant start = new Grant(List.of("states:StartExecution"), List.of(stateMachineArn(settings, machine)));
        if (!definition.startsExecutionsSynchronously()) {
            return List.of(start);
        }
        String executions = executionsArn(settings, machine);
        String rule = formatArn(ArnComponents.builder().service("events").resource("rule")
                .resourceName("StepFunctionsGetEventsForStepFunctionsExecutionRule").build());
        return List.of(start,
                new Grant(List.of("states:DescribeExecution", "states:StopExecution"), List.of(executions)),
                new Grant(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"), List.of(rule)));
    }

    private String stateMachineArn(Settings settings, String machine) {
        return formatArn(ArnComponents.builder().service("states").resource("stateMachine")
                .resourceName(settings.prefix() + "-" + machine).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }

    /** Every execution of the machine. */
    private String executionsArn(Settings settings, String machine) {
        return formatArn(ArnComponents.builder().service("states").resource("execution")
                .resourceName(settings.prefix() + "-" + machine + ":*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }

    private static <T> T required(Map<String, T> deployed, String id, Substitution s) {
        T t = deployed.get(id);
        if (t == null) {
            throw new IllegalArgumentException("substitution ${" + s.name() + "} names " + s.kind() + " '" + id
                    + "', which the stack does not deploy");
        }
        return t;
    }

    private void suppressJustifiedFindings() {
        NagSuppressions.addStackSuppressions(this, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .reason("Lambda's basic execution role (CloudWatch Logs) is the AWS-managed AWSLambdaBasicExecutionRole")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Wildcards are limited to the granted tables' own indexes (table/x/index/*), objects of "
                                + "a named bucket (bucket/*), executions of a named state machine, Bedrock's foundation "
                                + "models and inference profiles of the region (the model is the agents' configuration, "
                                + "chosen at run time), the secrets under jeeves/llm/ (Secrets Manager appends a random "
                                + "suffix to every secret's ARN), and the actions that "
                                + "have no resource-level permissions: X-Ray PutTraceSegments and the CloudWatch Logs "
                                + "delivery actions Step Functions logging needs")
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

    /** Each function as routes and state machines invoke it (the "live" alias with SnapStart). */
    public Map<String, IFunction> functions() {
        return functions;
    }

    public Map<String, Queue> queues() {
        return queues;
    }

    public Map<String, Bucket> buckets() {
        return buckets;
    }

    public Map<String, StateMachine> stateMachines() {
        return stateMachines;
    }

    static String pascal(String id) {
        StringBuilder b = new StringBuilder();
        for (String part : id.split("[-_]")) {
            b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return b.toString();
    }

}
