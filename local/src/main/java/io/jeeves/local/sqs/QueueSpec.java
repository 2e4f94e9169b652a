package io.jeeves.local.sqs;

import java.util.regex.Pattern;

/**
 * A queue as the CDK app declares it, so the local stack can create the same thing: its visibility
 * timeout and, when it has one, the dead-letter queue its messages move to after
 * {@code maxReceiveCount} receives.
 *
 * @param name                     queue name; a name ending in {@code .fifo} makes a FIFO queue (its DLQ must be FIFO too)
 * @param visibilityTimeoutSeconds 0..43200, as in SQS; for a Lambda source AWS advises six times the function timeout
 * @param maxReceiveCount          receives before a message moves to the DLQ (1..1000); null when there is no DLQ
 * @param deadLetterQueueName      name of the DLQ, created first if missing; null when there is none
 */
public record QueueSpec(String name, int visibilityTimeoutSeconds, Integer maxReceiveCount, String deadLetterQueueName) {
    /** SQS's own rule: up to 80 letters, digits, hyphens and underscores, plus {@code .fifo} for FIFO queues. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}(\\.fifo)?");

    public QueueSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid queue name: " + name);
        }
        if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > 43_200) {
            throw new IllegalArgumentException("visibilityTimeoutSeconds must be 0..43200, got " + visibilityTimeoutSeconds);
        }
        if ((maxReceiveCount == null) != (deadLetterQueueName == null)) {
            throw new IllegalArgumentException("maxReceiveCount and deadLetterQueueName go together (queue " + name + ")");
        }
        if (maxReceiveCount != null && (maxReceiveCount < 1 || maxReceiveCount > 1000)) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000, got " + maxReceiveCount);
        }
        if (deadLetterQueueName != null) {
            if (!NAME.matcher(deadLetterQueueName).matches()) {
                throw new IllegalArgumentException("Invalid dead-letter queue name: " + deadLetterQueueName);
            }
            if (deadLetterQueueName.equals(name)) {
                throw new IllegalArgumentException("A queue cannot be its own dead-letter queue: " + name);
            }
            if (isFifo(name) != isFifo(deadLetterQueueName)) {
                throw new IllegalArgumentException("The dead-letter queue of a " + (isFifo(name) ? "FIFO" : "standard")
                        + " queue must be " + (isFifo(name) ? "FIFO" : "standard") + ": " + deadLetterQueueName);
            }
        }
    }

    /** A queue without a dead-letter queue. */
    public static QueueSpec of(String name, int visibilityTimeoutSeconds) {
        return new QueueSpec(name, visibilityTimeoutSeconds, null, null);
    }

    public boolean fifo() {
        return isFifo(name);
    }

    static boolean isFifo(String queueName) {
        return queueName.endsWith(".fifo");
    }
}
