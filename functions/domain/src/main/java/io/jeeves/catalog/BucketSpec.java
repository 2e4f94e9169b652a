package io.jeeves.catalog;

/**
 * An S3 bucket (encrypted, public access blocked, TLS only, versioned).
 *
 * @param id logical name ("artifacts"); the deployed name is prefixed (and, in AWS, made unique)
 */
public record BucketSpec(String id, String description) {
}
