package io.jeeves.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.AslError;
import io.jeeves.asl.runtime.TaskCall;
import io.jeeves.asl.runtime.TaskInvoker;
import io.jeeves.asl.runtime.TaskResource;
import io.jeeves.json.Json;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * {@code arn:aws:states:::sqs:sendMessage} (and {@code .waitForTaskToken}): the parameters are the SQS
 * SendMessage request (QueueUrl, MessageBody — a JSON value is sent as its text, as Step Functions does —
 * DelaySeconds, MessageAttributes, MessageGroupId, MessageDeduplicationId); the result is its response.
 * A failure is {@code SQS.<ExceptionName>}, {@code SQS.AmazonSQSException} for a generic one.
 */
public final class SqsTasks implements TaskInvoker {
    private final SqsClient sqs;

    public SqsTasks(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public JsonNode invoke(TaskCall call) {
        if (!call.resource().action().equals("sendMessage")
                || (call.resource().pattern() != TaskResource.Pattern.REQUEST_RESPONSE
                && call.resource().pattern() != TaskResource.Pattern.WAIT_FOR_TASK_TOKEN)) {
            throw AslError.runtime("Unsupported SQS integration: " + call.resource().arn());
        }
        JsonNode p = call.parameters();
        JsonNode url = p.get("QueueUrl");
        JsonNode body = p.get("MessageBody");
        if (url == null || !url.isTextual() || body == null || body.isNull()) {
            throw new AslError("SQS.MissingParameterException", "QueueUrl and MessageBody are required");
        }
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(url.asText())
                .messageBody(body.isTextual() ? body.asText() : Json.write(body));
        if (p.hasNonNull("DelaySeconds")) {
            request.delaySeconds(p.get("DelaySeconds").asInt());
        }
        if (p.hasNonNull("MessageGroupId")) {
            request.messageGroupId(p.get("MessageGroupId").asText());
        }
        if (p.hasNonNull("MessageDeduplicationId")) {
            request.messageDeduplicationId(p.get("MessageDeduplicationId").asText());
        }
        if (p.path("MessageAttributes").isObject()) {
            request.messageAttributes(attributes(p.get("MessageAttributes")));
        }
        SendMessageResponse r;
        try {
            r = sqs.sendMessage(request.build());
        } catch (AwsServiceException e) {
            String name = e instanceof SqsException && e.getClass() == SqsException.class ? "AmazonSQSException"
                    : e.getClass().getSimpleName();
            throw new AslError("SQS." + name, e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorMessage() + " (Service: AmazonSQS; Status Code: " + e.statusCode()
                    + "; Error Code: " + e.awsErrorDetails().errorCode() + ")");
        } catch (SdkException e) {
            throw new AslError("SQS.SdkClientException", String.valueOf(e.getMessage()));
        }
        ObjectNode out = Json.object();
        out.put("MD5OfMessageBody", r.md5OfMessageBody());
        if (r.md5OfMessageAttributes() != null) {
            out.put("MD5OfMessageAttributes", r.md5OfMessageAttributes());
        }
        out.put("MessageId", r.messageId());
        if (r.sequenceNumber() != null) {
            out.put("SequenceNumber", r.sequenceNumber());
        }
        ObjectNode http = out.putObject("SdkHttpMetadata");
        http.putObject("HttpHeaders").put("Content-Type", "text/xml");
        http.put("HttpStatusCode", 200);
        out.putObject("SdkResponseMetadata").put("RequestId", r.responseMetadata().requestId());
        return out;
    }

    private static Map<String, MessageAttributeValue> attributes(JsonNode attributes) {
        Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
        attributes.fields().forEachRemaining(a -> {
            JsonNode v = a.getValue();
            MessageAttributeValue.Builder b = MessageAttributeValue.builder().dataType(v.path("DataType").asText("String"));
            if (v.hasNonNull("StringValue")) {
                b.stringValue(v.get("StringValue").asText());
            }
            if (v.hasNonNull("BinaryValue")) {
                try {
                    b.binaryValue(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.get("BinaryValue").asText())));
                } catch (IllegalArgumentException e) {
                    throw new AslError("SQS.InvalidParameterValueException", "BinaryValue of " + a.getKey()
                            + " is not base64");
                }
            }
            out.put(a.getKey(), b.build());
        });
        return out;
    }
}
