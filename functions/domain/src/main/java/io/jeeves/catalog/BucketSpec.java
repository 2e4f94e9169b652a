package io.jeeves.catalog;

/**
 * An S3 bucket (encrypted, public access blocked, TLS only, versioned).
 *
 * @param id logical name ("artifacts"); the deployed name is prefixed (and, in AWS, made unique)
 */
public record BucketSpec(String id, String description) {

    /** The environment variable that gives a function this bucket's deployed name, e.g. JEEVES_BUCKETS_ARTIFACTS. */
    public String envVar() {
        return "JEEVES_BUCKETS_" + id.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
