package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.json.Json;
import io.jeeves.local.s3.S3Emulator;
import java.net.URI;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State survives a restart of the local stack on the same data folder: tables, tokens, queued messages, objects,
 * state machines (in the Step Functions journal, not in DynamoDB).
 */
class PersistenceTest {
    @TempDir
    Path data;

    @Test
    void processesAndTokensSurviveARestart() throws Exception {
        LocalOptions options = LocalOptions.ephemeral().withData(data);
        String token;
        try (LocalStack first = new LocalStack(options).start()) {
            ApiClient api = new ApiClient(first.apiUrl());
            token = api.token("dana");
            assertThat(api.post("/v1/processes", token, Map.of("pid", "kept-1")).status()).isEqualTo(201);
            var endpoints = Json.read(Files.readString(data.resolve("endpoints.json")));
            assertThat(endpoints.path("api").asText()).isEqualTo(first.apiUrl().toString());
            assertThat(endpoints.path("dynamodb").asText()).isEqualTo(first.dynamoDbUrl().toString());
            assertThat(endpoints.path("functions").path("CreateProcess").path("arn").asText())
                    .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:jeeves-CreateProcess");
            assertThat(endpoints.path("tables").path("processes").asText()).isEqualTo("jeeves-processes");
            assertThat(endpoints.path("stepfunctions").asText()).isEqualTo(first.stepFunctionsUrl().toString());
            assertThat(endpoints.path("lambda").asText()).isEqualTo(first.lambdaUrl().toString());
            assertThat(endpoints.path("queues").path(Catalog.CAPABILITY_TASKS).path("url").asText())
                    .isEqualTo(first.queueUrl(Catalog.CAPABILITY_TASKS));
            assertThat(endpoints.path("stateMachines").path("process-task").asText())
                    .isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:jeeves-process-task");
            assertThat(endpoints.path("substitutions").path("CapabilityTasksQueueUrl").asText())
                    .isEqualTo(first.queueUrl(Catalog.CAPABILITY_TASKS));
            assertThat(first.banner()).contains(first.stepFunctionsUrl().toString(), endpoints.path("sqs").asText(),
                    endpoints.path("s3").asText(), "aws stepfunctions list-state-machines");
            try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(first.dynamoDbUrl())
                    .region(Region.US_EAST_1).credentialsProvider(TestClients.credentials())
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                assertThat(db.listTables().tableNames()).as("Step Functions keeps nothing in DynamoDB")
                        .contains("jeeves-processes").noneMatch(t -> t.contains("sfn-"));
            }
            try (SqsClient sqs = TestClients.sqs(URI.create(endpoints.path("sqs").asText()));
                    S3Client s3 = S3Emulator.client(URI.create(endpoints.path("s3").asText()))) {
                sqs.sendMessage(r -> r.queueUrl(first.queueUrl(Catalog.CAPABILITY_TASKS)).messageBody("kept task ✓"));
                s3.putObject(r -> r.bucket("jeeves-" + Catalog.ARTIFACTS).key("a/b.txt"), RequestBody.fromString("kept"));
            }
        }
        assertThat(data.resolve("jwt-signing-key.json")).exists();
        try (var machines = Files.list(data.resolve("sfn").resolve("machines"))) {
            assertThat(machines.filter(f -> f.toString().endsWith(".json")).count())
                    .as("the catalog's state machines, in the Step Functions journal")
                    .isEqualTo(Catalog.stateMachines().size());
        }
        try (LocalStack second = new LocalStack(options).start()) {
            ApiClient api = new ApiClient(second.apiUrl());
            var r = api.get("/v1/processes/kept-1", api.token("dana"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().path("state").asText()).isEqualTo("READY");
            var endpoints = second.endpoints();
            try (SqsClient sqs = TestClients.sqs(URI.create(endpoints.path("sqs").asText()));
                    S3Client s3 = S3Emulator.client(URI.create(endpoints.path("s3").asText()))) {
                var messages = sqs.receiveMessage(m -> m.queueUrl(second.queueUrl(Catalog.CAPABILITY_TASKS))
                        .waitTimeSeconds(2)).messages();
                assertThat(messages).extracting(m -> m.body()).containsExactly("kept task ✓");
                assertThat(s3.getObjectAsBytes(o -> o.bucket("jeeves-" + Catalog.ARTIFACTS).key("a/b.txt")).asUtf8String())
                        .isEqualTo("kept");
            }
        }
    }
}
