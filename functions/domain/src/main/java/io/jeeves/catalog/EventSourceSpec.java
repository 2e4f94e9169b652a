package io.jeeves.catalog;

/**
 * An event-source mapping: Lambda polls {@code queue} and invokes {@code function} with batches.
 *
 * @param batchSize at most this many messages per invocation (1-10 for standard queues)
 * @param maximumBatchingWindowSeconds how long to gather a batch (0: invoke as soon as messages arrive)
 * @param reportBatchItemFailures the function answers {@code {"batchItemFailures": [...]}} so that only
 *     the failed messages return to the queue
 */
public record EventSourceSpec(String queue, String function, int batchSize, int maximumBatchingWindowSeconds,
        boolean reportBatchItemFailures) {
}
