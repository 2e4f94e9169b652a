package io.jeeves.local.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What Lambda does for a function subscribed to an SQS queue, so queue consumers run locally as they
 * run on AWS: pollers long-poll the queue, hand the function a batch as the SQS event AWS delivers,
 * and then
 * <ul>
 *   <li>the function returned: the batch is deleted, except, with {@code reportBatchItemFailures},
 *       the messages it listed in {@code {"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}};
 *       a response Lambda could not use (not JSON, a missing or unknown itemIdentifier) fails the
 *       whole batch, as on AWS;</li>
 *   <li>the function failed ({@link FunctionError} or any exception): nothing is deleted.</li>
 * </ul>
 * Messages not deleted reappear after the queue's visibility timeout; past the queue's
 * {@code maxReceiveCount} SQS (ElasticMQ here) moves them to the dead-letter queue. There is no
 * retry of its own and no backoff beyond that, and no 6 MB limit on the event.
 *
 * <p>Each of the {@code concurrency} pollers is a thread that receives, invokes and deletes in turn,
 * so at most {@code concurrency} invocations run at once (Lambda's {@code MaximumConcurrency}). A poll
 * waits at most {@value #POLL_WAIT_SECONDS} s for messages, which bounds how long {@link #close()} takes
 * besides the invocations in flight.
 */
public final class EventSourceMapping implements AutoCloseable {
    /** Long-poll wait per ReceiveMessage: short, so that close() is prompt; 20 s is what Lambda uses. */
    static final int POLL_WAIT_SECONDS = 1;
    /** How long close() waits for invocations in flight before interrupting the pollers. */
    private static final long CLOSE_TIMEOUT_MILLIS = 60_000;
    /** The system attributes Lambda puts in a record, in its order. */
    private static final List<String> RECORD_ATTRIBUTES = List.of("ApproximateReceiveCount", "SentTimestamp",
            "SenderId", "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageGroupId",
            "MessageDeduplicationId", "AWSTraceHeader", "DeadLetterQueueSourceArn");

    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMapping.class);

    private final URI endpoint;
    private final String queueUrl;
    private final LambdaInvoker function;
    private final String functionName;
    private final int batchSize;
    private final int batchingWindowSeconds;
    private final int concurrency;
    private final boolean reportBatchItemFailures;

    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running;
    private SqsClient sqs;
    private String queueArn;

    private EventSourceMapping(Builder b) {
        this.endpoint = b.endpoint;
        this.queueUrl = b.queueUrl;
        this.function = b.function;
        this.functionName = b.functionName;
        this.batchSize = b.batchSize;
        this.batchingWindowSeconds = b.batchingWindowSeconds;
        this.concurrency = b.concurrency;
        this.reportBatchItemFailures = b.reportBatchItemFailures;
    }

    /**
     * A mapping from a queue to a function, not yet polling.
     *
     * @param sqsEndpoint the SQS endpoint, e.g. {@link SqsEmulator#endpoint()}
     * @param queueUrl    the queue to poll
     * @param function    the function to invoke
     */
    public static Builder builder(URI sqsEndpoint, String queueUrl, LambdaInvoker function) {
        return new Builder(sqsEndpoint, queueUrl, function);
    }

    /** Looks the queue's ARN up (it goes in every record) and starts the pollers. */
    public synchronized EventSourceMapping start() {
        if (sqs != null) {
            throw new IllegalStateException("Already started");
        }
        sqs = SqsEmulator.client(endpoint);
        try {
            queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
        } catch (SdkException e) {
            sqs.close();
            sqs = null;
            throw new IllegalStateException("Queue " + queueUrl + " is not there for function " + functionName
                    + ": " + e.getMessage(), e);
        }
        running = true;
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(this::poll, "sqs-esm-" + functionName + "-" + i);
            t.setDaemon(true);
            pollers.add(t);
            t.start();
        }
        LOG.info("Event-source mapping {} -> {} started (batch size {}, window {} s, concurrency {}{})", queueArn,
                functionName, batchSize, batchingWindowSeconds, concurrency,
                reportBatchItemFailures ? ", ReportBatchItemFailures" : "");
        return this;
    }

    public String queueArn() {
        return queueArn;
    }

    public String functionName() {
        return functionName;
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Stops polling and waits for the invocations in flight to finish and their messages to be deleted;
     * messages received but not yet handed to the function are made visible again at once.
     */
    @Override
    public synchronized void close() {
        if (sqs == null) {
            return;
        }
        running = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS);
        for (Thread t : pollers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.warn("{}: an invocation is still running after {} s; interrupting {}", functionName,
                        CLOSE_TIMEOUT_MILLIS / 1000, t.getName());
                t.interrupt();
            }
        }
        pollers.clear();
        sqs.close();
        sqs = null;
    }

    private void poll() {
        while (running) {
            try {
                List<Message> batch = receiveBatch();
                if (batch.isEmpty()) {
                    continue;
                }
                if (!running) {
                    release(batch);
                    return;
                }
                handle(batch);
            } catch (SdkException e) {
                if (!running) {
                    return;
                }
                LOG.warn("{}: polling {} failed, retrying in 1 s: {}", functionName, queueUrl, e.getMessage());
                pause(1000);
            } catch (RuntimeException e) {
                LOG.error("{}: unexpected failure of the poller; it goes on", functionName, e);
                pause(1000);
            }
        }
    }

    /** Up to batchSize messages; with a batching window, keeps receiving until it is full or the window ends. */
    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>(receive(batchSize, POLL_WAIT_SECONDS));
        if (batchingWindowSeconds > 0 && !batch.isEmpty()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(batchingWindowSeconds);
            while (batch.size() < batchSize && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                int wait = (int) Math.min(POLL_WAIT_SECONDS, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left)));
                batch.addAll(receive(batchSize - batch.size(), wait));
            }
        }
        return batch;
    }

    private List<Message> receive(int max, int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void handle(List<Message> batch) {
        byte[] response;
        try {
            response = function.invoke(Json.writeBytes(event(batch)));
        } catch (FunctionError e) {
            LOG.warn("{} failed on a batch of {} from {} ({}: {}); the messages return after the visibility timeout",
                    functionName, batch.size(), queueArn, e.errorType(), e.errorMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("{} failed on a batch of {} from {}; the messages return after the visibility timeout",
                    functionName, batch.size(), queueArn, e);
            return;
        }
        Set<String> failed = Set.of();
        if (reportBatchItemFailures) {
            Optional<Set<String>> reported = batchItemFailures(response, batch);
            if (reported.isEmpty()) {
                return; // logged; the whole batch failed
            }
            failed = reported.get();
            if (!failed.isEmpty()) {
                LOG.info("{} reported {} of {} messages from {} as failed: {}", functionName, failed.size(),
                        batch.size(), queueArn, failed);
            }
        }
        List<Message> done = new ArrayList<>();
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                done.add(m);
            }
        }
        delete(done);
    }

    /**
     * The messageIds a partial batch response lists, or empty when the response fails the whole batch.
     * As on AWS: no response, {@code null}, {@code {}} and an empty or null list mean success; a
     * response that is not a JSON object, a list that is not an array, or an entry whose itemIdentifier
     * is missing, empty or not in the batch means the whole batch failed.
     */
    Optional<Set<String>> batchItemFailures(byte[] response, List<Message> batch) {
        if (response == null || new String(response, StandardCharsets.UTF_8).isBlank()) {
            return Optional.of(Set.of());
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response);
        } catch (JsonProcessingException e) {
            return wholeBatchFailed("its response is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            return wholeBatchFailed("its response could not be read: " + e.getMessage());
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            return Optional.of(Set.of());
        }
        if (!body.isObject()) {
            return wholeBatchFailed("its response is not a JSON object: " + abbreviate(body.toString()));
        }
        JsonNode list = body.get("batchItemFailures");
        if (list == null || list.isNull()) {
            return Optional.of(Set.of());
        }
        if (!list.isArray()) {
            return wholeBatchFailed("batchItemFailures is not an array: " + abbreviate(list.toString()));
        }
        Set<String> inBatch = new HashSet<>();
        batch.forEach(m -> inBatch.add(m.messageId()));
        Set<String> failed = new HashSet<>();
        for (JsonNode item : list) {
            JsonNode id = item.isObject() ? item.get("itemIdentifier") : null;
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                return wholeBatchFailed("a batchItemFailures entry has no itemIdentifier: " + abbreviate(item.toString()));
            }
            if (!inBatch.contains(id.asText())) {
                return wholeBatchFailed("itemIdentifier " + abbreviate(id.asText()) + " is not a messageId of the batch");
            }
            failed.add(id.asText());
        }
        return Optional.of(failed);
    }

    private Optional<Set<String>> wholeBatchFailed(String why) {
        LOG.warn("{}: the whole batch from {} failed: {}", functionName, queueArn, why);
        return Optional.empty();
    }

    /** The SQS event of Lambda, record for record as AWS builds it. */
    ObjectNode event(List<Message> batch) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            Map<String, String> system = m.attributesAsStrings();
            for (String name : RECORD_ATTRIBUTES) {
                String value = system.get(name);
                if (value != null) {
                    attributes.put(name, value);
                }
            }
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            m.messageAttributes().forEach((name, value) -> messageAttributes.set(name, messageAttribute(value)));
            if (m.md5OfMessageAttributes() != null) {
                r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
            }
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", SqsEmulator.REGION);
        }
        return event;
    }

    /** {@code {"stringValue"|"binaryValue", "stringListValues", "binaryListValues", "dataType"}}, binary as base64. */
    private static ObjectNode messageAttribute(MessageAttributeValue v) {
        ObjectNode a = Json.object();
        if (v.stringValue() != null) {
            a.put("stringValue", v.stringValue());
        }
        if (v.binaryValue() != null) {
            a.put("binaryValue", base64(v.binaryValue()));
        }
        ArrayNode strings = a.putArray("stringListValues");
        v.stringListValues().forEach(strings::add);
        ArrayNode binaries = a.putArray("binaryListValues");
        v.binaryListValues().forEach(b -> binaries.add(base64(b)));
        a.put("dataType", v.dataType());
        return a;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    private void delete(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        try {
            DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            r.failed().forEach(f -> LOG.warn("{}: could not delete message {} from {}: {} {}", functionName,
                    messages.get(Integer.parseInt(f.id())).messageId(), queueArn, f.code(), f.message()));
        } catch (SdkException e) {
            LOG.warn("{}: could not delete {} processed messages from {}; they will be delivered again: {}",
                    functionName, messages.size(), queueArn, e.getMessage());
        }
    }

    /** Received while closing: give them back at once rather than after the visibility timeout. */
    private void release(List<Message> messages) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).visibilityTimeout(0).build());
        }
        try {
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
        } catch (SdkException e) {
            LOG.warn("{}: could not release {} messages of {}; they return after the visibility timeout: {}",
                    functionName, messages.size(), queueArn, e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of a mapping, with Lambda's defaults for SQS (batch size 10, no batching window). */
    public static final class Builder {
        private final URI endpoint;
        private final String queueUrl;
        private final LambdaInvoker function;
        private String functionName = "function";
        private int batchSize = 10;
        private int batchingWindowSeconds;
        private int concurrency = 1;
        private boolean reportBatchItemFailures;

        private Builder(URI endpoint, String queueUrl, LambdaInvoker function) {
            if (endpoint == null || queueUrl == null || function == null) {
                throw new IllegalArgumentException("endpoint, queueUrl and function are required");
            }
            this.endpoint = endpoint;
            this.queueUrl = queueUrl;
            this.function = function;
        }

        /** For logs and thread names. */
        public Builder functionName(String name) {
            this.functionName = name;
            return this;
        }

        /** Records per event, 1..10 (Lambda allows more only with a batching window; not emulated). */
        public Builder batchSize(int size) {
            if (size < 1 || size > 10) {
                throw new IllegalArgumentException("batchSize must be 1..10, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * How long to keep gathering records before invoking with a batch that is not full, 0..300 s.
         * Keep it below the queue's visibility timeout, or messages come back while still gathered.
         */
        public Builder maximumBatchingWindowSeconds(int seconds) {
            if (seconds < 0 || seconds > 300) {
                throw new IllegalArgumentException("maximumBatchingWindowSeconds must be 0..300, got " + seconds);
            }
            this.batchingWindowSeconds = seconds;
            return this;
        }

        /** Pollers, hence invocations at once (Lambda's ScalingConfig.MaximumConcurrency), 1..1000. */
        public Builder concurrency(int pollers) {
            if (pollers < 1 || pollers > 1000) {
                throw new IllegalArgumentException("concurrency must be 1..1000, got " + pollers);
            }
            this.concurrency = pollers;
            return this;
        }

        /** FunctionResponseTypes = [ReportBatchItemFailures]: honour partial batch responses. */
        public Builder reportBatchItemFailures(boolean on) {
            this.reportBatchItemFailures = on;
            return this;
        }

        public EventSourceMapping build() {
            return new EventSourceMapping(this);
        }
    }
}
