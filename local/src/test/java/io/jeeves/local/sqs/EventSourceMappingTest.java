package io.jeeves.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS event-source mapping against a real ElasticMQ and real functions (lambdas): batches, the
 * AWS event shape, partial batch responses, redelivery after errors, the DLQ, and stopping.
 * Queues have a 1 s visibility timeout so that redeliveries come quickly.
 */
class EventSourceMappingTest {
    private static SqsEmulator sqs;
    private static SqsClient client;
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private final List<EventSourceMapping> mappings = new ArrayList<>();

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

    @AfterEach
    void closeMappings() {
        mappings.forEach(EventSourceMapping::close);
    }

    @Test
    void deliversBatchesOfTheConfiguredSizeInTheShapeAwsDelivers() throws Exception {
        String name = queueName("shape");
        String url = sqs.createQueue(QueueSpec.of(name, 30));
        client.sendMessage(r -> r.queueUrl(url).messageBody("{\"n\":0}").messageAttributes(Map.of(
                "kind", MessageAttributeValue.builder().dataType("String").stringValue("order").build(),
                "count", MessageAttributeValue.builder().dataType("Number").stringValue("42").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary")
                        .binaryValue(SdkBytes.fromUtf8String("bytes")).build())));
        for (int i = 1; i < 6; i++) {
            String body = "{\"n\":" + i + "}";
            client.sendMessage(r -> r.queueUrl(url).messageBody(body));
        }
        List<JsonNode> events = new CopyOnWriteArrayList<>();

        start(EventSourceMapping.builder(sqs.endpoint(), url, event -> {
            events.add(tree(event));
            return null;
        }).functionName("shape").batchSize(3));

        await(() -> records(events).size() == 6);
        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.path("Records")).hasSize(3));
        List<JsonNode> records = records(events);
        assertThat(records).extracting(r -> r.path("body").asText()).containsExactlyInAnyOrder(
                "{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
        for (JsonNode r : records) {
            assertThat(r.path("messageId").asText()).isNotEmpty();
            assertThat(r.path("receiptHandle").asText()).isNotEmpty();
            assertThat(r.path("md5OfBody").asText()).isEqualTo(md5(r.path("body").asText()));
            assertThat(r.path("eventSource").asText()).isEqualTo("aws:sqs");
            assertThat(r.path("eventSourceARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:" + name);
            assertThat(r.path("awsRegion").asText()).isEqualTo("us-east-1");
            JsonNode a = r.path("attributes");
            assertThat(a.path("ApproximateReceiveCount").asText()).isEqualTo("1");
            assertThat(a.path("SentTimestamp").asText()).matches("\\d{13}");
            assertThat(a.path("ApproximateFirstReceiveTimestamp").asText()).matches("\\d{13}");
            assertThat(a.path("SenderId").asText()).isNotEmpty();
            assertThat(r.path("messageAttributes").isObject()).isTrue();
            assertThat(fieldNames(r)).startsWith("messageId", "receiptHandle", "body", "attributes", "messageAttributes")
                    .endsWith("md5OfBody", "eventSource", "eventSourceARN", "awsRegion");
        }
        JsonNode first = records.stream().filter(r -> r.path("body").asText().equals("{\"n\":0}")).findFirst().orElseThrow();
        JsonNode attrs = first.path("messageAttributes");
        assertThat(attrs.path("kind")).isEqualTo(Json.read(
                "{\"stringValue\":\"order\",\"stringListValues\":[],\"binaryListValues\":[],\"dataType\":\"String\"}"));
        assertThat(attrs.path("count").path("stringValue").asText()).isEqualTo("42");
        assertThat(attrs.path("count").path("dataType").asText()).isEqualTo("Number");
        assertThat(attrs.path("blob").path("binaryValue").asText())
                .isEqualTo(Base64.getEncoder().encodeToString("bytes".getBytes(StandardCharsets.UTF_8)));
        assertThat(attrs.path("blob").path("dataType").asText()).isEqualTo("Binary");
        assertThat(first.path("md5OfMessageAttributes").asText()).hasSize(32);
        await(() -> inQueue(url) == 0);
    }

    @Test
    void aPartialBatchResponseRedeliversOnlyTheFailedMessage() throws Exception {
        String url = sqs.createQueue(QueueSpec.of(queueName("partial"), 1));
        for (String body : List.of("ok-1", "bad", "ok-2")) {
            client.sendMessage(r -> r.queueUrl(url).messageBody(body));
        }
        Map<String, List<String>> receiveCounts = new ConcurrentHashMap<>();

        start(EventSourceMapping.builder(sqs.endpoint(), url, event -> {
            List<String> failures = new ArrayList<>();
            for (JsonNode r : records(event)) {
                String body = r.path("body").asText();
                receiveCounts.computeIfAbsent(body, b -> new CopyOnWriteArrayList<>())
                        .add(r.path("attributes").path("ApproximateReceiveCount").asText());
                if (body.equals("bad") && receiveCounts.get(body).size() == 1) {
                    failures.add("{\"itemIdentifier\":\"" + r.path("messageId").asText() + "\"}");
                }
            }
            return ("{\"batchItemFailures\":[" + String.join(",", failures) + "]}").getBytes(StandardCharsets.UTF_8);
        }).functionName("partial").reportBatchItemFailures(true));

        await(() -> receiveCounts.getOrDefault("bad", List.of()).size() == 2);
        await(() -> inQueue(url) == 0);
        assertThat(receiveCounts.get("bad")).containsExactly("1", "2");
        assertThat(receiveCounts.get("ok-1")).containsExactly("1");
        assertThat(receiveCounts.get("ok-2")).containsExactly("1");
    }

    @Test
    void anUnknownItemIdentifierFailsTheWholeBatch() throws Exception {
        String url = sqs.createQueue(QueueSpec.of(queueName("unknown-id"), 1));
        client.sendMessage(r -> r.queueUrl(url).messageBody("a"));
        client.sendMessage(r -> r.queueUrl(url).messageBody("b"));
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();

        start(EventSourceMapping.builder(sqs.endpoint(), url, event -> {
            records(event).forEach(r -> deliveries.computeIfAbsent(r.path("body").asText(), b -> new AtomicInteger())
                    .incrementAndGet());
            return calls.incrementAndGet() == 1
                    ? "{\"batchItemFailures\":[{\"itemIdentifier\":\"not-a-message-id\"}]}".getBytes(StandardCharsets.UTF_8)
                    : "{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8);
        }).functionName("unknown-id").reportBatchItemFailures(true));

        await(() -> inQueue(url) == 0);
        assertThat(deliveries.get("a")).hasValue(2);
        assertThat(deliveries.get("b")).hasValue(2);
    }

    @Test
    void aFailingFunctionGetsTheWholeBatchAgain() throws Exception {
        String url = sqs.createQueue(QueueSpec.of(queueName("throws"), 1));
        for (String body : List.of("x", "y", "z")) {
            client.sendMessage(r -> r.queueUrl(url).messageBody(body));
        }
        Map<String, List<String>> receiveCounts = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();

        start(EventSourceMapping.builder(sqs.endpoint(), url, event -> {
            for (JsonNode r : records(event)) {
                receiveCounts.computeIfAbsent(r.path("body").asText(), b -> new CopyOnWriteArrayList<>())
                        .add(r.path("attributes").path("ApproximateReceiveCount").asText());
            }
            if (calls.incrementAndGet() == 1) {
                throw new FunctionError("java.lang.IllegalStateException", "downstream is down");
            }
            // a partial batch response is ignored when ReportBatchItemFailures is off
            return "{\"batchItemFailures\":[{\"itemIdentifier\":\"whatever\"}]}".getBytes(StandardCharsets.UTF_8);
        }).functionName("throws").batchSize(10));

        await(() -> inQueue(url) == 0 && receiveCounts.values().stream().allMatch(c -> c.size() == 2));
        assertThat(receiveCounts).containsOnlyKeys("x", "y", "z");
        assertThat(receiveCounts.values()).allSatisfy(c -> assertThat(c).containsExactly("1", "2"));
    }

    @Test
    void afterMaxReceiveCountFailuresTheMessageIsInTheDeadLetterQueue() throws Exception {
        String name = queueName("poison");
        String url = sqs.createQueue(new QueueSpec(name, 1, 2, name + "-dlq"));
        String dlq = sqs.queueUrl(name + "-dlq");
        client.sendMessage(r -> r.queueUrl(url).messageBody("poison"));
        List<String> receiveCounts = new CopyOnWriteArrayList<>();

        start(EventSourceMapping.builder(sqs.endpoint(), url, event -> {
            records(event).forEach(r -> receiveCounts.add(r.path("attributes").path("ApproximateReceiveCount").asText()));
            throw FunctionError.of(new IllegalArgumentException("cannot parse"));
        }).functionName("poison"));

        List<Message> dead = new ArrayList<>();
        await(() -> {
            dead.addAll(client.receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(0)).messages());
            return !dead.isEmpty();
        });
        assertThat(dead).extracting(Message::body).containsExactly("poison");
        assertThat(receiveCounts).containsExactly("1", "2");
        assertThat(inQueue(url)).isZero();
    }

    @Test
    void closeWaitsForTheInvocationInFlightThenNothingMoreIsDelivered() throws Exception {
        String url = sqs.createQueue(QueueSpec.of(queueName("closing"), 1));
        CountDownLatch invoked = new CountDownLatch(1);
        List<String> finished = new CopyOnWriteArrayList<>();
        EventSourceMapping mapping = start(EventSourceMapping.builder(sqs.endpoint(), url, event -> {
            invoked.countDown();
            sleep(700);
            records(event).forEach(r -> finished.add(r.path("body").asText()));
            return null;
        }).functionName("closing"));
        client.sendMessage(r -> r.queueUrl(url).messageBody("in flight"));
        assertThat(invoked.await(5, TimeUnit.SECONDS)).isTrue();

        long t0 = System.nanoTime();
        mapping.close();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(mapping.isRunning()).isFalse();
        assertThat(finished).containsExactly("in flight");
        assertThat(inQueue(url)).isZero(); // its batch was deleted before close() returned

        client.sendMessage(r -> r.queueUrl(url).messageBody("after"));
        Thread.sleep(500); // a running mapping's long poll would have returned it at once
        assertThat(finished).containsExactly("in flight");
        assertThat(client.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages())
                .extracting(Message::body).containsExactly("after");
    }

    @Test
    void aBatchingWindowGathersMessagesUntilTheBatchIsFull() throws Exception {
        String url = sqs.createQueue(QueueSpec.of(queueName("window"), 30));
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        start(EventSourceMapping.builder(sqs.endpoint(), url, event -> {
            sizes.add(records(event).size());
            return null;
        }).functionName("window").batchSize(4).maximumBatchingWindowSeconds(5));

        client.sendMessage(r -> r.queueUrl(url).messageBody("first"));
        Thread.sleep(300);
        for (int i = 0; i < 3; i++) {
            client.sendMessage(r -> r.queueUrl(url).messageBody("later"));
        }
        await(() -> sizes.stream().mapToInt(Integer::intValue).sum() == 4);
        assertThat(sizes).containsExactly(4);
    }

    @Test
    void concurrentPollersInvokeInParallel() throws Exception {
        String url = sqs.createQueue(QueueSpec.of(queueName("parallel"), 30));
        CountDownLatch bothRunning = new CountDownLatch(2);
        AtomicInteger overlapped = new AtomicInteger();
        start(EventSourceMapping.builder(sqs.endpoint(), url, event -> {
            bothRunning.countDown();
            try {
                if (bothRunning.await(5, TimeUnit.SECONDS)) {
                    overlapped.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }).functionName("parallel").batchSize(1).concurrency(2));

        client.sendMessage(r -> r.queueUrl(url).messageBody("one"));
        client.sendMessage(r -> r.queueUrl(url).messageBody("two"));
        await(() -> overlapped.get() == 2);
        await(() -> inQueue(url) == 0);
    }

    @Test
    void partialBatchResponsesAreReadAsAwsReadsThem() {
        EventSourceMapping m = EventSourceMapping.builder(sqs.endpoint(), "unused", e -> null).build();
        List<Message> batch = List.of(Message.builder().messageId("m-1").build(), Message.builder().messageId("m-2").build());

        assertThat(read(m, null, batch)).contains(Set.of());
        assertThat(read(m, "", batch)).contains(Set.of());
        assertThat(read(m, "null", batch)).contains(Set.of());
        assertThat(read(m, "{}", batch)).contains(Set.of());
        assertThat(read(m, "{\"batchItemFailures\":null}", batch)).contains(Set.of());
        assertThat(read(m, "{\"batchItemFailures\":[]}", batch)).contains(Set.of());
        assertThat(read(m, "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}", batch)).contains(Set.of("m-2"));
        assertThat(read(m, "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"},{\"itemIdentifier\":\"m-2\"}]}", batch))
                .contains(Set.of("m-1", "m-2"));
        // the whole batch failed
        assertThat(read(m, "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-3\"}]}", batch)).isEmpty();
        assertThat(read(m, "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}", batch)).isEmpty();
        assertThat(read(m, "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}", batch)).isEmpty();
        assertThat(read(m, "{\"batchItemFailures\":[{\"id\":\"m-1\"}]}", batch)).isEmpty();
        assertThat(read(m, "{\"batchItemFailures\":\"m-1\"}", batch)).isEmpty();
        assertThat(read(m, "[\"m-1\"]", batch)).isEmpty();
        assertThat(read(m, "{\"batchItemFailures\":[", batch)).isEmpty();
    }

    private static Optional<Set<String>> read(EventSourceMapping m, String response, List<Message> batch) {
        return m.batchItemFailures(response == null ? null : response.getBytes(StandardCharsets.UTF_8), batch);
    }

    private EventSourceMapping start(EventSourceMapping.Builder builder) {
        EventSourceMapping m = builder.build();
        mappings.add(m);
        return m.start();
    }

    private static String queueName(String purpose) {
        return purpose + "-" + QUEUES.incrementAndGet();
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.read(new String(json, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> records(byte[] event) {
        List<JsonNode> out = new ArrayList<>();
        tree(event).path("Records").forEach(out::add);
        return out;
    }

    private static List<JsonNode> records(List<JsonNode> events) {
        List<JsonNode> out = new ArrayList<>();
        events.forEach(e -> e.path("Records").forEach(out::add));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return Collections.unmodifiableList(names);
    }

    /** Visible plus in flight. */
    private static int inQueue(String url) {
        Map<QueueAttributeName, String> a = client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static String md5(String s) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within 10 s");
            }
            Thread.sleep(50);
        }
    }
}
