package io.jeeves.governance.artifact.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.BlobStore;
import io.jeeves.testing.Concurrently;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} must do: a key is written once and never changed. */
public abstract class BlobStoreContract {
    protected BlobStore blobs;

    protected abstract BlobStore newStore();

    @BeforeEach
    void setUpStore() {
        blobs = newStore();
    }

    private boolean put(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return blobs.putIfAbsent(key, bytes, "text/plain", ArtifactService.sha256(bytes));
    }

    private String read(String key) {
        return new String(blobs.get(key).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void aPutIsReadBack() {
        assertThat(put("artifacts/alice/k1", "hello")).isTrue();
        assertThat(read("artifacts/alice/k1")).isEqualTo("hello");
        assertThat(blobs.get("artifacts/alice/missing")).isEmpty();
    }

    @Test
    void puttingTheSameContentAgainIsAccepted() {
        assertThat(put("k", "same")).isTrue();
        assertThat(put("k", "same")).isTrue();
        assertThat(read("k")).isEqualTo("same");
    }

    @Test
    void otherContentUnderATakenKeyIsRefusedAndTheFirstKept() {
        assertThat(put("k", "first")).isTrue();
        assertThat(put("k", "second")).isFalse();
        assertThat(read("k")).isEqualTo("first");
    }

    @Test
    void emptyAndBinaryContentRoundTrip() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        assertThat(blobs.putIfAbsent("bin", binary, "application/octet-stream", ArtifactService.sha256(binary))).isTrue();
        assertThat(blobs.putIfAbsent("empty", new byte[0], "text/plain", ArtifactService.sha256(new byte[0]))).isTrue();
        assertThat(blobs.get("bin").orElseThrow()).isEqualTo(binary);
        assertThat(blobs.get("empty").orElseThrow()).isEmpty();
    }

    @Test
    void storedBytesCannotBeChangedThroughTheArrays() {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        blobs.putIfAbsent("k", bytes, "text/plain", ArtifactService.sha256(bytes));
        bytes[0] = 'X';
        blobs.get("k").orElseThrow()[1] = 'Y';
        assertThat(read("k")).isEqualTo("abc");
    }

    @Test
    void concurrentPutsOfDifferentContentLeaveExactlyOneVersion() throws Exception {
        List<Boolean> wins = Concurrently.run(12, i -> put("k", "v" + i));
        assertThat(wins.stream().filter(w -> w).count()).isEqualTo(1);
        assertThat(read("k")).isEqualTo("v" + wins.indexOf(true));
    }
}
