package io.jeeves.governance.artifact;

/** Where an artifact's content is kept. */
public enum Placement {
    /** In the metadata item itself (content of at most 64 KiB). */
    INLINE,
    /** In the blob store (S3), under a content-addressed key. */
    BLOB
}
