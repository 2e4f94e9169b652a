package io.jeeves.governance.artifact;

import java.util.regex.Pattern;

/**
 * Where blobs live. Validated at start: a bucket name S3 accepts (3..63 characters of lower-case
 * letters, digits, dots and hyphens, beginning and ending with a letter or digit).
 */
public record ArtifactConfig(String bucket) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public ArtifactConfig {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("artifacts bucket name is not a valid S3 bucket name: " + bucket);
        }
    }
}
