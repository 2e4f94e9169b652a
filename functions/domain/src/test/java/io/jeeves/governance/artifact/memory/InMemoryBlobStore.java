package io.jeeves.governance.artifact.memory;

import io.jeeves.governance.artifact.BlobStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A test double honouring the {@link BlobStore} contract; counts the writes it really made. */
public final class InMemoryBlobStore implements BlobStore {
    private record Blob(byte[] bytes, String contentType, String sha256) {
    }

    private final Map<String, Blob> byKey = new HashMap<>();
    private int writes;

    @Override
    public synchronized boolean putIfAbsent(String key, byte[] bytes, String contentType, String sha256) {
        Blob existing = byKey.get(key);
        if (existing != null) {
            return existing.sha256().equals(sha256) && Arrays.equals(existing.bytes(), bytes);
        }
        byKey.put(key, new Blob(bytes.clone(), contentType, sha256));
        writes++;
        return true;
    }

    @Override
    public synchronized Optional<byte[]> get(String key) {
        return Optional.ofNullable(byKey.get(key)).map(b -> b.bytes().clone());
    }

    /** How many keys are stored. */
    public synchronized int size() {
        return byKey.size();
    }

    /** How many puts wrote a new key (a put of content already there writes nothing). */
    public synchronized int writes() {
        return writes;
    }

    /** For tests of a damaged bucket: replaces a key's bytes behind the contract's back. */
    public synchronized void corrupt(String key, byte[] bytes) {
        Blob b = byKey.get(key);
        byKey.put(key, new Blob(bytes.clone(), b == null ? "application/octet-stream" : b.contentType(),
                b == null ? "" : b.sha256()));
    }
}
