package io.jeeves.governance.artifact;

import java.util.Optional;

/** Large artifact content (S3). Keys are written once and never changed. */
public interface BlobStore {

    /**
     * Stores {@code bytes} under {@code key} unless the key exists. True when the key now holds these
     * bytes (written now, or already there with the same {@code sha256}); false when it holds other
     * content, which is left as it was.
     */
    boolean putIfAbsent(String key, byte[] bytes, String contentType, String sha256);

    Optional<byte[]> get(String key);
}
