package io.jeeves.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.AslError;
import io.jeeves.asl.runtime.TaskCall;
import io.jeeves.asl.runtime.TaskInvoker;
import io.jeeves.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem}: the task's parameters are the
 * DynamoDB API request as it is (TableName, Key, Item, ConditionExpression, ...), sent to DynamoDB in its
 * own JSON protocol; the result is the API response. A DynamoDB error fails the task as
 * {@code DynamoDB.<ExceptionName>} (e.g. {@code DynamoDB.ConditionalCheckFailedException}), as in AWS.
 */
public final class DynamoDbTasks implements TaskInvoker {
    private static final Map<String, String> ACTIONS = Map.of("getItem", "GetItem", "putItem", "PutItem",
            "updateItem", "UpdateItem", "deleteItem", "DeleteItem");

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DynamoDbTasks(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public JsonNode invoke(TaskCall call) {
        String action = ACTIONS.get(call.resource().action());
        if (action == null || call.resource().pattern() != io.jeeves.asl.runtime.TaskResource.Pattern.REQUEST_RESPONSE) {
            throw AslError.runtime("Unsupported DynamoDB integration: " + call.resource().arn());
        }
        if (!call.parameters().isObject()) {
            throw new AslError("DynamoDB.ValidationException", "The parameters must be a JSON object");
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + action)
                // DynamoDB Local reads the access key from the Authorization header and checks nothing else
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-target, Signature=local")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(call.parameters())))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AslError("DynamoDB.AmazonDynamoDBException", "DynamoDB is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AslError("DynamoDB.AmazonDynamoDBException", "Interrupted");
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? Json.object() : Json.read(response.body());
        } catch (IOException e) {
            throw new AslError("DynamoDB.AmazonDynamoDBException", "Unreadable DynamoDB response (HTTP "
                    + response.statusCode() + ")");
        }
        if (response.statusCode() >= 300) {
            String type = body.path("__type").asText("AmazonDynamoDBException");
            String name = type.substring(type.lastIndexOf('#') + 1);
            String message = body.has("message") ? body.get("message").asText() : body.path("Message").asText("");
            throw new AslError("DynamoDB." + name, message + " (Service: AmazonDynamoDBv2; Status Code: "
                    + response.statusCode() + "; Error Code: " + name + ")");
        }
        return body;
    }
}
