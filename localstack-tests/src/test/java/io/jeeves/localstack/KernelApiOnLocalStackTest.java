package io.jeeves.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.json.Json;
import io.jeeves.runtime.HttpApiEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The kernel API on LocalStack: the deployed functions (the shaded jar in LocalStack's Lambda containers,
 * against LocalStack's DynamoDB) answer the API Gateway payload v2 events of their routes. LocalStack's
 * free edition has no API Gateway v2, so the test invokes each function with the event the HTTP API
 * and its JWT authorizer would deliver (see localstack/README.md).
 */
@Testcontainers(disabledWithoutDocker = true)
class KernelApiOnLocalStackTest extends OnLocalStack {
    static LambdaClient lambda;
    static DynamoDbClient dynamodb;

    @BeforeAll
    static void clients() {
        lambda = localstack.client(LambdaClient.builder());
        dynamodb = localstack.client(DynamoDbClient.builder());
    }

    @Test
    void aProcessIsCreatedChargedAgainstItsQuotaAndReadBackOnlyByItsOwner() throws Exception {
        String pid = "ls-" + UUID.randomUUID();
        JsonNode created = http("CreateProcess", Map.of(), "alice", Map.of("pid", pid, "quota", Map.of("max_llm_calls", 2)));
        assertThat(created.path("statusCode").asInt()).as(created.toString()).isEqualTo(201);

        JsonNode charged = http("RecordUsage", Map.of("pid", pid), "alice", Map.of("llm_calls", 2));
        assertThat(charged.path("statusCode").asInt()).as(charged.toString()).isEqualTo(200);
        JsonNode refused = http("RecordUsage", Map.of("pid", pid), "alice", Map.of("llm_calls", 1));
        assertThat(refused.path("statusCode").asInt()).isEqualTo(429);
        assertThat(body(refused).path("code").asText()).isEqualTo("RESOURCE_EXHAUSTED");

        JsonNode read = http("GetProcess", Map.of("pid", pid), "alice", null);
        assertThat(read.path("statusCode").asInt()).isEqualTo(200);
        assertThat(body(read).path("pid").asText()).isEqualTo(pid);
        assertThat(http("GetProcess", Map.of("pid", pid), "bob", null).path("statusCode").asInt()).isEqualTo(404);

        // written to the table the stack created, through LocalStack's DynamoDB endpoint
        var item = dynamodb.getItem(r -> r.tableName(localstack.output("TableNameProcesses"))
                .key(Map.of("pid", AttributeValue.fromS(pid)))).item();
        assertThat(item.get("user_id").s()).isEqualTo("alice");
    }

    @Test
    void aRouteThatNeedsAScopeRefusesACallerWithoutIt() throws Exception {
        // GetSystemStatus requires jeeves/worker or jeeves/admin: the function checks the authorizer's scopes
        JsonNode refused = http("GetSystemStatus", Map.of(), "alice", null);
        assertThat(refused.path("statusCode").asInt()).isEqualTo(403);
    }

    /** Invokes the function with the payload v2 event of its route, as the JWT authorizer would pass it. */
    private static JsonNode http(String function, Map<String, String> path, String sub, Object body) throws IOException {
        RouteSpec route = Catalog.function(function).orElseThrow().routes().get(0);
        HttpApiEvent event = new HttpApiEvent().route(route, path).header("content-type", "application/json")
                .caller(sub, List.of(), route);
        if (body != null) {
            event.body(Json.write(body));
        }
        String name = LocalStackDeployment.functionName(function);
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name));
        InvokeResponse response = lambda.invoke(r -> r.functionName(name)
                .payload(SdkBytes.fromByteArray(Json.writeBytes(event.toJson()))));
        assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
        return Json.read(response.payload().asByteArray());
    }

    private static JsonNode body(JsonNode reply) throws IOException {
        return Json.read(reply.path("body").asText());
    }
}
