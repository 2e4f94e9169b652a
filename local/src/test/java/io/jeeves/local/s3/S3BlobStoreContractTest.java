package io.jeeves.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.BlobStore;
import io.jeeves.governance.artifact.contract.BlobStoreContract;
import io.jeeves.store.s3.S3BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The blob store contract against the local stack's S3 emulator (s3proxy), one fresh bucket per test. */
class S3BlobStoreContractTest extends BlobStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Emulator emulator;
    private static S3Client client;
    private String bucket;

    @BeforeAll
    static void start() throws Exception {
        emulator = S3Emulator.start(0, null);
        client = emulator.newClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @Override
    protected BlobStore newStore() {
        bucket = "blobs-" + BUCKETS.incrementAndGet();
        emulator.createBucket(bucket);
        return new S3BlobStore(client, bucket);
    }

    /** What makes racing writers safe: the emulator, like S3, refuses a PUT with If-None-Match on a taken key. */
    @Test
    void theEmulatorRefusesAConditionalPutOnATakenKey() {
        client.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("first"));
        assertThatThrownBy(() -> client.putObject(r -> r.bucket(bucket).key("k").ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(blobs.get("k").orElseThrow()).isEqualTo("first".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSha256IsStoredAsObjectMetadataWithTheContentType() {
        byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
        blobs.putIfAbsent("artifacts/alice/k", bytes, "application/json", ArtifactService.sha256(bytes));
        var head = client.headObject(r -> r.bucket(bucket).key("artifacts/alice/k"));
        assertThat(head.metadata()).containsEntry("sha256", ArtifactService.sha256(bytes));
        assertThat(head.contentType()).isEqualTo("application/json");
    }

    @Test
    void anObjectWrittenWithoutTheMetadataIsJudgedByItsBytes() {
        client.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("outside"));
        byte[] same = "outside".getBytes(StandardCharsets.UTF_8);
        byte[] other = "other".getBytes(StandardCharsets.UTF_8);
        assertThat(blobs.putIfAbsent("k", same, "text/plain", ArtifactService.sha256(same))).isTrue();
        assertThat(blobs.putIfAbsent("k", other, "text/plain", ArtifactService.sha256(other))).isFalse();
        assertThat(blobs.get("k").orElseThrow()).isEqualTo(same);
    }
}
