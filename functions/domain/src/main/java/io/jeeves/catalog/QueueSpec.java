package io.jeeves.catalog;

/**
 * An SQS queue as both the CDK app and the local stack create it (encrypted; standard, not FIFO).
 *
 * @param id logical name ("capability-tasks"); the deployed name is prefixed
 * @param visibilityTimeoutSeconds how long a received message stays invisible
 * @param retentionSeconds how long an unconsumed message is kept
 * @param deadLetterQueue the id of the queue that receives messages received {@code maxReceiveCount}
 *     times without being deleted, or null
 */
public record QueueSpec(String id, String description, int visibilityTimeoutSeconds, int retentionSeconds,
        String deadLetterQueue, int maxReceiveCount) {

    public QueueSpec {
        if (deadLetterQueue != null && maxReceiveCount < 1) {
            throw new IllegalArgumentException("a redrive policy needs maxReceiveCount >= 1: " + id);
        }
    }
}
