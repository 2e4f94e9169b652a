package io.jeeves.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.catalog.TableSpec;
import io.jeeves.asl.runtime.Engine;
import io.jeeves.asl.runtime.TaskInvoker;
import io.jeeves.catalog.BucketSpec;
import io.jeeves.catalog.EventSourceSpec;
import io.jeeves.catalog.QueueSpec;
import io.jeeves.catalog.StateMachineSpec;
import io.jeeves.catalog.Substitution;
import io.jeeves.local.conformance.CorpusFunctions;
import io.jeeves.local.s3.S3Emulator;
import io.jeeves.local.sfn.SqsTasks;
import io.jeeves.local.sqs.EventSourceMapping;
import io.jeeves.local.sqs.FunctionError;
import io.jeeves.local.sqs.SqsEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.jeeves.json.Json;
import io.jeeves.local.lambda.LambdaApi;
import io.jeeves.local.lambda.LambdaRegistry;
import io.jeeves.local.sfn.DynamoDbTasks;
import io.jeeves.local.sfn.JournalExecutionStore;
import io.jeeves.local.sfn.LambdaTasks;
import io.jeeves.local.sfn.StateMachineLoader;
import io.jeeves.local.sfn.StepFunctionsApi;
import io.jeeves.runtime.FunctionContext;
import io.jeeves.runtime.InProcessContext;
import io.jeeves.store.dynamodb.TableProvisioner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

/**
 * The embedded local stack: DynamoDB Local (no Docker) with the catalog's tables, and an HTTP API on
 * which every request becomes the API Gateway v2 event AWS would deliver, handled by the same handler
 * class the CDK app deploys. State persists in the data folder unless {@code --in-memory}.
 */
public final class LocalStack implements AutoCloseable {
    public static final String AUDIENCE = "jeeves";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    static {
        // The JDK HTTP server writes headers and body separately; with Nagle's algorithm on, a client's delayed
        // ACK then stalls every small response by ~40 ms. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    /** Workers of the Step Functions engine: enough for a Map of MaxConcurrency 40 over blocking tasks. */
    private static final int ENGINE_THREADS = 64;

    private final LocalOptions options;
    private final ExecutorService asyncInvocations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-async");
        t.setDaemon(true);
        return t;
    });
    private DynamoDBProxyServer dynamo;
    private DynamoDbClient db;
    private final LambdaRegistry lambdas = new LambdaRegistry();
    private Engine engine;
    private JournalExecutionStore journalStore;
    /** The Step Functions journal when it is thrown away at close (in-memory mode); null otherwise. */
    private Path tempJournal;
    private AwsEndpoint awsEndpoint;
    private SqsEmulator sqs;
    private SqsClient sqsClient;
    private S3Emulator s3;
    private final List<EventSourceMapping> mappings = new CopyOnWriteArrayList<>();
    private URI awsUrl;
    private LocalApiGateway gateway;
    private URI apiUrl;
    private URI dynamoUrl;
    private Jwt jwt;

    LocalStack(LocalOptions options) {
        this.options = options;
    }

    /** A stack that keeps nothing, on free ports: for tests and benchmarks. Call {@link #start()}. */
    public static LocalStack ephemeral() {
        return new LocalStack(LocalOptions.ephemeral());
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "classpath:log4j2-local.xml");
        LocalOptions options;
        try {
            if (List.of(args).contains("--help")) {
                System.out.print(LocalOptions.USAGE);
                return;
            }
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("jeeves-local: " + e.getMessage());
            System.err.print(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(options);
        try {
            stack.start();
        } catch (IllegalStateException e) {
            System.err.println("jeeves-local: " + e.getMessage());
            stack.close();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }));
        System.out.println(stack.banner());
        stopped.await();
    }

    /** Starts everything; on failure the message says what to do. */
    public LocalStack start() throws Exception {
        if (System.getenv("AWS_EMF_ENVIRONMENT") == null) {
            // metrics go to stdout as EMF, as in Lambda; never to a CloudWatch agent or the EC2 metadata service
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        }
        Path data = options.inMemory() ? null : options.dataDir().toAbsolutePath();
        if (data != null) {
            Files.createDirectories(data.resolve("dynamodb"));
        }
        int dynamoPort = options.dynamoDbPort() == 0 ? freePort() : options.dynamoDbPort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(dynamoPort), "-sharedDb", "-disableTelemetry"));
        if (options.inMemory()) {
            args.add("-inMemory");
        } else {
            args.addAll(List.of("-dbPath", data.resolve("dynamodb").toString()));
        }
        try {
            dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            dynamo.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local could not start on port " + dynamoPort
                    + " (is it in use? choose another with --dynamodb-port): " + e.getMessage());
        }
        dynamoUrl = URI.create("http://127.0.0.1:" + dynamoPort);
        db = client(dynamoUrl);
        TableProvisioner.ensure(db, Catalog.tables(), id -> options.tablePrefix() + id);

        System.setProperty("jeeves.dynamodb.endpoint", dynamoUrl.toString());
        System.setProperty("jeeves.table-prefix", options.tablePrefix());
        System.setProperty("aws.region", InProcessContext.REGION);
        FunctionContext.close(); // a context from an earlier stack in this JVM pointed elsewhere

        String prefix = options.tablePrefix();
        startStorage(data);
        // the functions reach S3, Step Functions and the state machines here (read when their context starts)
        int awsPort = options.awsPort() == 0 ? freePort() : options.awsPort();
        awsUrl = URI.create("http://" + (options.host().equals("0.0.0.0") ? "localhost" : options.host()) + ":" + awsPort);
        System.setProperty("jeeves.s3.endpoint", s3.endpoint().toString());
        System.setProperty("jeeves.stepfunctions.endpoint", awsUrl.toString());
        for (StateMachineSpec m : Catalog.stateMachines()) {
            System.setProperty("jeeves.state-machines." + m.name(), Engine.stateMachineArn(prefix + m.name()));
        }
        for (FunctionSpec f : Catalog.functions()) {
            lambdas.registerClass(prefix + f.name(), f.handlerClass(), f.description(), 30);
        }
        if (options.corpusFunctions()) {
            CorpusFunctions.register(lambdas);
        }
        lambdas.warmUp();
        String host = options.host();

        startFlows(host, awsPort, data);
        for (EventSourceSpec e : Catalog.eventSources()) {
            subscribe(queueUrl(e.queue()), prefix + e.function(), e.batchSize(), e.maximumBatchingWindowSeconds(),
                    e.reportBatchItemFailures());
        }

        int port = options.port() == 0 ? freePort() : options.port();
        jwt = new Jwt(Jwt.keyPair(data == null ? null : data.resolve("jwt-signing-key.json")),
                "http://localhost:" + port + "/local", AUDIENCE);
        gateway = new LocalApiGateway(new RouteTable(Catalog.functions()), lambdas, prefix, jwt);
        try {
            gateway.start(host, port);
        } catch (IOException e) {
            throw new IllegalStateException("The HTTP API could not listen on " + host + ":" + port
                    + " (is it in use? choose another with --port): " + e.getMessage());
        }
        apiUrl = URI.create("http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + port);
        if (data != null) {
            Files.writeString(data.resolve("endpoints.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(endpoints()));
        }
        return this;
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(InProcessContext.REGION))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public URI dynamoDbUrl() {
        return dynamoUrl;
    }

    /** Step Functions and Lambda. */
    public URI stepFunctionsUrl() {
        return awsUrl;
    }

    public URI lambdaUrl() {
        return awsUrl;
    }

    /**
     * The functions, by deployed name. Tests, benchmarks and capability authors may register more, before
     * {@link #start()} if executions resumed at start call them.
     */
    public LambdaRegistry lambdas() {
        return lambdas;
    }

    public Engine engine() {
        return engine;
    }

    /** Every endpoint in use, for SDKs and the AWS CLI; also written to {@code <data>/endpoints.json}. */
    public ObjectNode endpoints() {
        ObjectNode e = Json.object();
        e.put("api", apiUrl.toString());
        e.put("token", apiUrl + "/local/token");
        e.put("jwks", apiUrl + "/local/.well-known/jwks.json");
        e.put("issuer", jwt.issuer());
        e.put("audience", jwt.audience());
        e.put("dynamodb", dynamoUrl.toString());
        e.put("stepfunctions", awsUrl.toString());
        e.put("lambda", awsUrl.toString());
        e.put("sqs", sqs.endpoint().toString());
        e.put("s3", s3.endpoint().toString());
        e.put("s3ForcePathStyle", true);
        e.put("region", InProcessContext.REGION);
        e.put("data", options.inMemory() ? null : options.dataDir().toAbsolutePath().toString());
        ObjectNode tables = e.putObject("tables");
        for (TableSpec t : Catalog.tables()) {
            tables.put(t.id(), options.tablePrefix() + t.id());
        }
        ObjectNode fns = e.putObject("functions");
        for (FunctionSpec f : Catalog.functions()) {
            ObjectNode fn = fns.putObject(f.name());
            fn.put("name", options.tablePrefix() + f.name());
            fn.put("arn", InProcessContext.arn(options.tablePrefix() + f.name()));
            fn.put("handler", f.handlerClass());
            var routes = fn.putArray("routes");
            f.routes().forEach(r -> routes.add(r.routeKey()));
            if (f.schedule() != null) {
                fn.put("schedule", f.schedule());
            }
        }
        ObjectNode queues = e.putObject("queues");
        for (QueueSpec q : Catalog.queues()) {
            ObjectNode qn = queues.putObject(q.id());
            qn.put("url", queueUrl(q.id()));
            qn.put("arn", SqsEmulator.queueArn(options.tablePrefix() + q.id()));
            if (q.deadLetterQueue() != null) {
                qn.put("deadLetterQueue", q.deadLetterQueue()).put("maxReceiveCount", q.maxReceiveCount());
            }
        }
        ObjectNode buckets = e.putObject("buckets");
        Catalog.buckets().forEach(bk -> buckets.put(bk.id(), options.tablePrefix() + bk.id()));
        ObjectNode machines = e.putObject("stateMachines");
        Catalog.stateMachines().forEach(m -> machines.put(m.name(), Engine.stateMachineArn(options.tablePrefix() + m.name())));
        var esm = e.putArray("eventSourceMappings");
        Catalog.eventSources().forEach(m -> esm.addObject().put("queue", m.queue()).put("function", m.function())
                .put("batchSize", m.batchSize()).put("reportBatchItemFailures", m.reportBatchItemFailures()));
        ObjectNode subs = e.putObject("substitutions");
        substitutions().forEach(subs::put);
        return e;
    }

    String banner() {
        StringBuilder b = new StringBuilder();
        b.append("\nJeeves local stack is up\n");
        b.append("  HTTP API      ").append(apiUrl).append('\n');
        b.append("  Get a token   curl -s -X POST ").append(apiUrl)
                .append("/local/token -d '{\"sub\":\"alice\",\"scopes\":[]}'\n");
        b.append("  JWKS          ").append(apiUrl).append("/local/.well-known/jwks.json (issuer ").append(jwt.issuer())
                .append(", audience ").append(jwt.audience()).append(")\n");
        line(b, "DynamoDB", dynamoUrl, "aws dynamodb list-tables");
        line(b, "StepFunctions", awsUrl, "aws stepfunctions list-state-machines");
        line(b, "Lambda", awsUrl, "aws lambda list-functions");
        line(b, "SQS", sqs.endpoint(), "aws sqs list-queues");
        line(b, "S3", s3.endpoint(), "aws s3 ls");
        b.append("  AWS CLI       export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=")
                .append(InProcessContext.REGION).append('\n');
        b.append("  Data          ").append(options.inMemory() ? "in memory (nothing is kept)"
                : options.dataDir().toAbsolutePath() + " (endpoints.json lists every endpoint)").append('\n');
        int routes = Catalog.functions().stream().mapToInt(f -> f.routes().size()).sum();
        b.append("  Functions     ").append(Catalog.functions().size()).append(", serving ").append(routes)
                .append(" routes; state machines: ").append(Catalog.stateMachines().size()).append("; Ctrl-C stops\n");
        return b.toString();
    }

    private static void line(StringBuilder b, String what, URI url, String command) {
        b.append(String.format(java.util.Locale.ROOT, "  %-14s%s  (%s --endpoint-url %s)%n", what, url, command, url));
    }

    /** SQS with the catalog's queues (dead-letter queues first) and S3 with its buckets. */
    private void startStorage(Path data) throws IOException {
        String prefix = options.tablePrefix();
        sqs = SqsEmulator.start(options.sqsPort(), data == null ? null : data.resolve("sqs"));
        List<QueueSpec> queues = new ArrayList<>(Catalog.queues());
        queues.sort(Comparator.comparing(q -> q.deadLetterQueue() != null)); // a DLQ before the queues using it
        for (QueueSpec q : queues) {
            boolean redrive = q.deadLetterQueue() != null;
            sqs.createQueue(new io.jeeves.local.sqs.QueueSpec(prefix + q.id(), q.visibilityTimeoutSeconds(),
                    redrive ? q.maxReceiveCount() : null, redrive ? prefix + q.deadLetterQueue() : null));
        }
        sqsClient = sqs.newClient();
        try {
            s3 = S3Emulator.start(options.s3Port(), data == null ? null : data.resolve("s3"));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (choose another port with --s3-port)");
        }
        for (BucketSpec b : Catalog.buckets()) {
            s3.createBucket(prefix + b.id());
        }
    }

    /** Creates (or keeps) a queue outside the catalog, e.g. for a capability's own tasks; returns its URL. */
    public String createQueue(String name, int visibilityTimeoutSeconds) {
        return sqs.createQueue(io.jeeves.local.sqs.QueueSpec.of(name, visibilityTimeoutSeconds));
    }

    /** The URL of a catalog queue, by id. */
    public String queueUrl(String queueId) {
        return sqs.queueUrl(options.tablePrefix() + queueId);
    }

    /**
     * An event-source mapping, as Lambda's: {@code function} (a registered name) is invoked with batches
     * from the queue; it runs until the stack closes.
     */
    public void subscribe(String queueUrl, String function, int batchSize, int batchingWindowSeconds,
            boolean reportBatchItemFailures) {
        LambdaRegistry.Function f = lambdas.find(function)
                .orElseThrow(() -> new IllegalArgumentException("No function " + function));
        EventSourceMapping mapping = EventSourceMapping.builder(sqs.endpoint(), queueUrl, event -> {
            LambdaRegistry.Result r = lambdas.invoke(f, event);
            if (r.failed()) {
                JsonNode error;
                try {
                    error = Json.read(r.payload());
                } catch (IOException e) {
                    error = Json.object();
                }
                throw new FunctionError(error.path("errorType").asText("Unhandled"),
                        error.path("errorMessage").asText(""));
            }
            return r.payload();
        }).functionName(f.name()).batchSize(batchSize).maximumBatchingWindowSeconds(batchingWindowSeconds)
                .reportBatchItemFailures(reportBatchItemFailures).build();
        mappings.add(mapping.start());
    }

    /**
     * The Step Functions engine (state machines and executions in a journal under {@code <data>/sfn}, or in
     * a temporary directory deleted at close; executions resumed here) and the endpoint that serves the
     * Step Functions and Lambda APIs.
     */
    private void startFlows(String host, int port, Path data) throws IOException {
        String prefix = options.tablePrefix();
        Map<String, TaskInvoker> integrations = new HashMap<>();
        integrations.put("lambda", new LambdaTasks(lambdas));
        integrations.put("dynamodb", new DynamoDbTasks(dynamoUrl));
        integrations.put("sqs", new SqsTasks(sqsClient));
        if (data == null) {
            tempJournal = Files.createTempDirectory("jeeves-sfn");
        }
        Path journal = data == null ? tempJournal : data.resolve("sfn");
        journalStore = new JournalExecutionStore(journal, false);
        engine = new Engine(journalStore, integrations, Clock.systemUTC(), ENGINE_THREADS);
        StateMachineLoader.load(engine, Catalog.stateMachines(), substitutions(), prefix);
        int resumed = engine.recover();
        if (resumed > 0) {
            LOG.info("resumed {} running executions", resumed);
        }
        awsEndpoint = new AwsEndpoint(new StepFunctionsApi(engine), new LambdaApi(lambdas, asyncInvocations));
        try {
            awsEndpoint.start(host, port);
        } catch (IOException e) {
            throw new IllegalStateException("The Step Functions and Lambda endpoint could not listen on " + host + ":"
                    + port + " (is it in use? choose another with --sfn-port): " + e.getMessage());
        }
    }

    /** The value of every definition substitution variable, as the CDK app computes them in AWS. */
    public Map<String, String> substitutions() {
        String prefix = options.tablePrefix();
        Map<String, String> values = new LinkedHashMap<>();
        for (Substitution s : Catalog.substitutions()) {
            String name = prefix + s.resource();
            values.put(s.name(), switch (s.kind()) {
                case FUNCTION_ARN -> InProcessContext.arn(name);
                case QUEUE_URL -> sqs.queueUrl(name);
                case QUEUE_ARN -> SqsEmulator.queueArn(name);
                case TABLE_NAME, BUCKET_NAME -> name;
                case STATE_MACHINE_ARN -> Engine.stateMachineArn(name);
            });
        }
        return values;
    }

    /** Failure injection for tests: DynamoDB goes away while the API stays up. */
    void stopDynamoDb() throws Exception {
        dynamo.stop();
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.stop();
        }
        mappings.forEach(EventSourceMapping::close); // waits for the batches in flight
        if (awsEndpoint != null) {
            awsEndpoint.stop();
        }
        if (engine != null) {
            engine.close(); // in-flight tasks finish; every execution is saved for the next start
        }
        if (journalStore != null) {
            journalStore.close();
        }
        if (tempJournal != null) {
            try {
                JournalExecutionStore.delete(tempJournal);
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", tempJournal, e.toString());
            }
        }
        asyncInvocations.shutdown();
        if (sqsClient != null) {
            sqsClient.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (s3 != null) {
            s3.close();
        }
        FunctionContext.close();
        if (db != null) {
            db.close();
        }
        if (dynamo != null) {
            try {
                dynamo.stop();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
