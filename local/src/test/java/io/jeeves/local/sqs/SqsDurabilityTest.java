package io.jeeves.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * The SQS emulator on a data folder, restarted as the local stack restarts it: same folder, queues
 * created again from their specs, real ElasticMQ and a real SqsClient.
 */
class SqsDurabilityTest {
    private static final Map<String, MessageAttributeValue> ATTRIBUTES = Map.of(
            "kind", MessageAttributeValue.builder().dataType("String").stringValue("order ✓ é").build(),
            "count", MessageAttributeValue.builder().dataType("Number.int").stringValue("42").build(),
            "blob", MessageAttributeValue.builder().dataType("Binary")
                    .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff})).build());

    @TempDir
    Path dir;

    @Test
    void messagesSurviveARestartWithTheirAttributesAndInFlightOnesReturnAfterTheirVisibilityTimeout() throws Exception {
        QueueSpec spec = new QueueSpec("tasks", 5, 5, "tasks-dlq");
        SendMessageResponse waiting;
        long sentAfter;
        long sentBefore;
        String inFlightId;
        long receivedAt;
        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(spec);
            client.sendMessage(r -> r.queueUrl(url).messageBody("in flight"));
            Message inFlight = receiveOne(client, url);
            receivedAt = System.nanoTime();
            inFlightId = inFlight.messageId();
            client.sendMessage(r -> r.queueUrl(url).messageBody("deleted"));
            Message deleted = receiveOne(client, url);
            client.deleteMessage(r -> r.queueUrl(url).receiptHandle(deleted.receiptHandle()));
            sentAfter = System.currentTimeMillis();
            waiting = client.sendMessage(r -> r.queueUrl(url).messageBody("{\"token\":\"ünïcødé ✓ 😀\"}")
                    .messageAttributes(ATTRIBUTES)
                    .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                            MessageSystemAttributeValue.builder().dataType("String")
                                    .stringValue("Root=1-5759e988-bd862e3fe1be46a994272793").build())));
            sentBefore = System.currentTimeMillis();
        }

        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(spec); // as the local stack does at every start
            Map<QueueAttributeName, String> counts = client.getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            boolean stillInFlight = System.nanoTime() - receivedAt < TimeUnit.SECONDS.toNanos(4); // of its 5 s
            if (stillInFlight) {
                assertThat(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("1");
                assertThat(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("1");
            }

            List<Message> visible = new ArrayList<>(receive(client, url, 1));
            if (stillInFlight) {
                assertThat(visible).extracting(Message::messageId).containsExactly(waiting.messageId());
            }
            Message m = visible.stream().filter(v -> v.messageId().equals(waiting.messageId())).findFirst().orElseThrow();
            visible.remove(m);
            assertThat(m.body()).isEqualTo("{\"token\":\"ünïcødé ✓ 😀\"}");
            assertThat(m.md5OfBody()).isEqualTo(waiting.md5OfMessageBody());
            assertThat(m.messageAttributes()).isEqualTo(ATTRIBUTES);
            assertThat(m.md5OfMessageAttributes()).isEqualTo(waiting.md5OfMessageAttributes());
            assertThat(Long.parseLong(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)))
                    .isBetween(sentAfter, sentBefore);
            assertThat(m.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER))
                    .isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793");
            assertThat(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("1");
            client.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));

            // the message received before the restart and never deleted, once its 5 s are over
            Message back = visible.isEmpty() ? receiveOne(client, url, Duration.ofSeconds(12)) : visible.get(0);
            assertThat(back.messageId()).isEqualTo(inFlightId);
            assertThat(back.body()).isEqualTo("in flight");
            assertThat(back.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
            client.deleteMessage(r -> r.queueUrl(url).receiptHandle(back.receiptHandle()));
        }

        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(spec);
            assertThat(receive(client, url, 1)).as("deleted messages stay deleted").isEmpty();
            assertThat(receive(client, sqs.queueUrl("tasks-dlq"), 0)).isEmpty();
        }
    }

    @Test
    void theReceiveCountSurvivesSoTheRedriveToTheDeadLetterQueueDoes() {
        QueueSpec spec = new QueueSpec("jobs", 1, 2, "jobs-dlq");
        String id;
        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(spec);
            id = client.sendMessage(r -> r.queueUrl(url).messageBody("poison")).messageId();
            assertThat(receiveOne(client, url).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .isEqualTo("1");
        }
        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(spec);
            Message second = receiveOne(client, url, Duration.ofSeconds(5));
            assertThat(second.messageId()).isEqualTo(id);
            assertThat(second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
            // the third receive finds it past maxReceiveCount: it moves to the DLQ instead
            Message moved = receiveOne(client, sqs.queueUrl("jobs-dlq"), Duration.ofSeconds(5), c -> receive(c, url, 1));
            assertThat(moved.messageId()).isEqualTo(id);
            assertThat(moved.attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN))
                    .isEqualTo(SqsEmulator.queueArn("jobs"));
            client.changeMessageVisibility(r -> r.queueUrl(sqs.queueUrl("jobs-dlq")).receiptHandle(moved.receiptHandle())
                    .visibilityTimeout(0)); // back for the next start, rather than in 30 s
        }
        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(spec);
            Message dead = receiveOne(client, sqs.queueUrl("jobs-dlq"), Duration.ofSeconds(5));
            assertThat(dead.messageId()).isEqualTo(id);
            assertThat(dead.body()).isEqualTo("poison");
            assertThat(receive(client, url, 0)).as("moved, not copied").isEmpty();
        }
    }

    @Test
    void purgedMessagesDoNotComeBack() {
        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(QueueSpec.of("purged", 30));
            for (int i = 0; i < 3; i++) {
                client.sendMessage(r -> r.queueUrl(url).messageBody("old"));
            }
            client.purgeQueue(r -> r.queueUrl(url));
            client.sendMessage(r -> r.queueUrl(url).messageBody("new"));
        }
        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(QueueSpec.of("purged", 30));
            assertThat(receive(client, url, 1)).extracting(Message::body).containsExactly("new");
        }
    }

    @Test
    void queuesCreatedThroughTheApiAndTheirSettingsSurviveToo() {
        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = client.createQueue(r -> r.queueName("adhoc.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.VISIBILITY_TIMEOUT, "17"))).queueUrl();
            for (int i = 0; i < 5; i++) {
                String body = "step-" + i;
                client.sendMessage(r -> r.queueUrl(url).messageBody(body).messageGroupId("g").messageDeduplicationId(body));
            }
        }
        try (SqsEmulator sqs = SqsEmulator.start(0, dir); SqsClient client = sqs.newClient()) {
            String url = sqs.queueUrl("adhoc.fifo");
            Map<QueueAttributeName, String> a = client.getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(a.get(QueueAttributeName.FIFO_QUEUE)).isEqualTo("true");
            assertThat(a.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("17");
            List<String> bodies = new ArrayList<>();
            for (List<Message> batch = receive(client, url, 1); !batch.isEmpty(); batch = receive(client, url, 1)) {
                for (Message m : batch) {
                    bodies.add(m.body());
                    client.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
            assertThat(bodies).containsExactly("step-0", "step-1", "step-2", "step-3", "step-4");
        }
    }

    @Test
    void inMemoryItKeepsNothing() {
        for (int run = 0; run < 2; run++) {
            try (SqsEmulator sqs = run == 0 ? SqsEmulator.start(0) : SqsEmulator.start(0, null);
                    SqsClient client = sqs.newClient()) {
                assertThatThrownBy(() -> sqs.queueUrl("volatile")).isInstanceOf(QueueDoesNotExistException.class);
                String url = sqs.createQueue(QueueSpec.of("volatile", 30));
                client.sendMessage(r -> r.queueUrl(url).messageBody("gone at close"));
            }
        }
        try (SqsEmulator sqs = SqsEmulator.start(0); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(QueueSpec.of("volatile", 30));
            assertThat(receive(client, url, 0)).isEmpty();
        }
    }

    @Test
    void oneDurableEmulatorPerJvmAtATimeEachOnItsOwnFolder() {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        try (SqsEmulator sqs = SqsEmulator.start(0, first); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(QueueSpec.of("only-in-first", 30));
            client.sendMessage(r -> r.queueUrl(url).messageBody("first"));
            assertThatThrownBy(() -> SqsEmulator.start(0, second))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open in this JVM");
            try (SqsEmulator inMemory = SqsEmulator.start(0)) {
                assertThat(inMemory.port()).isPositive(); // in memory is still fine alongside
            }
        }
        try (SqsEmulator sqs = SqsEmulator.start(0, second)) {
            assertThatThrownBy(() -> sqs.queueUrl("only-in-first")).isInstanceOf(QueueDoesNotExistException.class);
        }
        try (SqsEmulator sqs = SqsEmulator.start(0, first); SqsClient client = sqs.newClient()) {
            assertThat(receive(client, sqs.queueUrl("only-in-first"), 0)).extracting(Message::body).containsExactly("first");
        }
    }

    @Test
    void aPortInUseReleasesTheDataFolder() {
        try (SqsEmulator busy = SqsEmulator.start(0)) {
            assertThatThrownBy(() -> SqsEmulator.start(busy.port(), dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("(is it in use?)");
        }
        try (SqsEmulator sqs = SqsEmulator.start(0, dir)) {
            assertThat(Files.exists(dir.resolve("elasticmq.mv.db"))).isTrue();
        }
    }

    /**
     * A JVM killed (SIGKILL) right after its requests were answered: nothing acknowledged is lost, and
     * the data folder, refused to others while it ran, is free again.
     */
    @Test
    void aKilledJvmLosesNothingItAcknowledged() throws Exception {
        Path ready = dir.resolve("ready");
        Path log = dir.resolve("child.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"),
                KilledSender.class.getName(), dir.resolve("sqs").toString(), ready.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready)) {
                assertThat(child.isAlive()).as("the child died: %s", readLog(log)).isTrue();
                assertThat(System.nanoTime()).as("the child did not get ready: %s", readLog(log)).isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThatThrownBy(() -> SqsEmulator.start(0, dir.resolve("sqs")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is another local stack using this data folder?");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }

        try (SqsEmulator sqs = SqsEmulator.start(0, dir.resolve("sqs")); SqsClient client = sqs.newClient()) {
            String url = sqs.createQueue(KilledSender.SPEC);
            List<String> bodies = new ArrayList<>();
            for (List<Message> batch = receive(client, url, 0); !batch.isEmpty(); batch = receive(client, url, 0)) {
                for (Message m : batch) {
                    bodies.add(m.body());
                    client.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
            assertThat(bodies).hasSize(KilledSender.MESSAGES - 1).doesNotContain("0").contains("1", "ünï ✓");
        }
    }

    /** The child of {@link #aKilledJvmLosesNothingItAcknowledged}: sends, deletes one, says so, waits to be killed. */
    static final class KilledSender {
        /** Visibility timeout 0: what the child receives is visible again at once. */
        static final QueueSpec SPEC = QueueSpec.of("killed", 0);
        static final int MESSAGES = 30;

        public static void main(String[] args) throws Exception {
            SqsEmulator sqs = SqsEmulator.start(0, Path.of(args[0]));
            SqsClient client = sqs.newClient();
            String url = sqs.createQueue(SPEC);
            for (int i = 0; i < MESSAGES - 1; i++) {
                String body = Integer.toString(i);
                client.sendMessage(r -> r.queueUrl(url).messageBody(body));
            }
            client.sendMessage(r -> r.queueUrl(url).messageBody("ünï ✓"));
            Message zero;
            do {
                zero = receive(client, url, 0).stream().filter(m -> m.body().equals("0")).findFirst().orElse(null);
            } while (zero == null);
            String receipt = zero.receiptHandle();
            client.deleteMessage(r -> r.queueUrl(url).receiptHandle(receipt));
            Files.writeString(Path.of(args[1]), "ready");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static Message receiveOne(SqsClient client, String url) {
        return receiveOne(client, url, Duration.ofSeconds(2));
    }

    private static Message receiveOne(SqsClient client, String url, Duration within) {
        return receiveOne(client, url, within, c -> List.of());
    }

    /** The first message received from url within the time, doing {@code meanwhile} between attempts. */
    private static Message receiveOne(SqsClient client, String url, Duration within, Function<SqsClient, ?> meanwhile) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<Message> got = receive(client, url, 1);
            if (!got.isEmpty()) {
                assertThat(got).hasSize(1);
                return got.get(0);
            }
            assertThat(System.nanoTime()).as("a message from %s within %s", url, within).isLessThan(deadline);
            meanwhile.apply(client);
        }
    }

    private static List<Message> receive(SqsClient client, String url, int waitSeconds) {
        return client.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

}
