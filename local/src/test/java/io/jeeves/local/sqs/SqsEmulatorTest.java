package io.jeeves.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ as the local stack starts it: queues with their DLQ and redrive policy, AWS-shaped ARNs. */
class SqsEmulatorTest {
    private static SqsEmulator sqs;
    private static SqsClient client;

    @BeforeAll
    static void start() {
        sqs = SqsEmulator.start(0);
        client = sqs.newClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        sqs.close();
    }

    @Test
    void listensOnLoopbackOnAFreePort() {
        assertThat(sqs.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(sqs.port()).isPositive();
        String url = sqs.createQueue(QueueSpec.of("plain", 30));
        assertThat(url).isEqualTo(sqs.endpoint() + "/000000000000/plain");
        assertThat(client.listQueues().queueUrls()).contains(url);
    }

    @Test
    void createsTheQueueAfterItsDeadLetterQueueWithARedrivePolicy() throws Exception {
        String url = sqs.createQueue(new QueueSpec("orders", 1, 3, "orders-dlq"));

        Map<QueueAttributeName, String> a = attributes(url);
        assertThat(a.get(QueueAttributeName.QUEUE_ARN)).isEqualTo("arn:aws:sqs:us-east-1:000000000000:orders");
        assertThat(a.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("1");
        JsonNode redrive = Json.read(a.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:orders-dlq");
        assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(3);

        String dlq = sqs.queueUrl("orders-dlq");
        assertThat(attributes(dlq).get(QueueAttributeName.QUEUE_ARN))
                .isEqualTo(SqsEmulator.queueArn("orders-dlq"));
    }

    @Test
    void creatingAgainIsIdempotentAndAppliesTheSpec() throws Exception {
        String first = sqs.createQueue(new QueueSpec("jobs", 5, 2, "jobs-dlq"));
        client.sendMessage(r -> r.queueUrl(first).messageBody("kept"));

        String again = sqs.createQueue(new QueueSpec("jobs", 5, 2, "jobs-dlq"));
        String changed = sqs.createQueue(new QueueSpec("jobs", 7, 4, "jobs-dlq"));

        assertThat(again).isEqualTo(first);
        assertThat(changed).isEqualTo(first);
        Map<QueueAttributeName, String> a = attributes(first);
        assertThat(a.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("7");
        assertThat(Json.read(a.get(QueueAttributeName.REDRIVE_POLICY)).path("maxReceiveCount").asInt()).isEqualTo(4);
        assertThat(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("1");
    }

    @Test
    void createsFifoQueues() {
        String url = sqs.createQueue(new QueueSpec("steps.fifo", 30, 5, "steps-dlq.fifo"));
        assertThat(attributes(url).get(QueueAttributeName.FIFO_QUEUE)).isEqualTo("true");
        assertThat(attributes(sqs.queueUrl("steps-dlq.fifo")).get(QueueAttributeName.FIFO_QUEUE)).isEqualTo("true");
    }

    @Test
    void aPortInUseIsReportedAsSuch() {
        assertThatThrownBy(() -> SqsEmulator.start(sqs.port()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not listen on 127.0.0.1:" + sqs.port() + " (is it in use?)");
    }

    @Test
    void refusesSpecsSqsWouldRefuse() {
        assertThatThrownBy(() -> new QueueSpec("bad name", 30, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueSpec("q", 30, 3, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueSpec("q", 30, 0, "q-dlq")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueSpec("q.fifo", 30, 3, "q-dlq")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueSpec("q", 43_201, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<QueueAttributeName, String> attributes(String url) {
        return client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
    }
}
