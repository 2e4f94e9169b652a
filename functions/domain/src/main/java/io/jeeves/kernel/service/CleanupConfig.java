package io.jeeves.kernel.service;

/**
 * How long finished things are kept (kernel-reference §11, with the retention defaults of the
 * reference). A TERMINATED process becomes a ZOMBIE after {@code terminatedGraceSeconds} and is removed
 * {@code processRetentionSeconds} later.
 */
public record CleanupConfig(
        long terminatedGraceSeconds,
        long processRetentionSeconds,
        long sessionRetentionSeconds,
        long interruptRetentionSeconds,
        int batchLimit) {

    public static final CleanupConfig DEFAULTS = new CleanupConfig(300, 86_400, 3_600, 86_400, 500);
}
