package io.jeeves.store.s3;

import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.BlobStore;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Blobs in one S3 bucket, each key written once. The content's SHA-256 (lower-case hex) is stored as the
 * object's user metadata {@code sha256} ({@code x-amz-meta-sha256}), so telling "the same content is
 * already there" from "other content is there" takes a HEAD, not a download.
 *
 * <p>putIfAbsent: a PUT with {@code If-None-Match: *}, which S3 refuses with 412 Precondition Failed
 * when the key exists; then a HEAD reads the stored sha256, which decides (so a retried write sends its
 * bytes again but never rewrites them). A 409 (S3's answer to a conditional write racing another on the
 * same key) is tried again. PUT first rather than HEAD first: one request for a new blob, and no HEAD of a
 * missing key, which S3 answers with 403 rather than 404 to a caller without {@code s3:ListBucket}. The
 * local S3 emulator (s3proxy 4.1.0) honours {@code If-None-Match} too (a test checks it). An emulator that
 * ignored it would still be right for the keys Jeeves writes, which are content-addressed
 * ({@code artifacts/{owner}/{sha256}}): two writers of one key write the same bytes.
 *
 * <p>get: empty on NoSuchKey. Without {@code s3:ListBucket} S3 answers a missing key with 403, which is
 * thrown; the store only reads keys that metadata names, so a missing one is an error anyway.
 *
 * <p>Encryption at rest: every PUT asks for server-side encryption, SSE-S3 ({@code AES256}, decision 010)
 * by default, SSE-KMS ({@code aws:kms}) with the given key when a KMS key id is configured. Reads need nothing more
 * (S3 decrypts; with KMS, the reader also needs {@code kms:Decrypt} on the key).
 */
public final class S3BlobStore implements BlobStore {
    /** The user metadata holding the content's hex SHA-256. */
    static final String SHA256 = "sha256";
    private static final int MAX_ATTEMPTS = 5;

    private final S3Client s3;
    private final String bucket;
    private final String kmsKeyId;

    /** SSE-S3 (AES256). */
    public S3BlobStore(S3Client s3, String bucket) {
        this(s3, bucket, null);
    }

    /** @param kmsKeyId the KMS key for SSE-KMS; null for SSE-S3 (AES256) */
    public S3BlobStore(S3Client s3, String bucket, String kmsKeyId) {
        this.s3 = s3;
        this.bucket = bucket;
        this.kmsKeyId = kmsKeyId;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, String contentType, String sha256) {
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(putRequest(key, contentType, sha256), RequestBody.fromBytes(bytes));
                return true;
            } catch (S3Exception e) {
                // 412: the key is taken, its sha256 decides; 409: another conditional write was in flight
                if ((e.statusCode() != 412 && e.statusCode() != 409) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                if (e.statusCode() == 412) {
                    Optional<String> stored = storedSha256(key);
                    if (stored.isPresent()) {
                        return stored.get().equals(sha256);
                    }
                }
            }
        }
    }

    private PutObjectRequest putRequest(String key, String contentType, String sha256) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .metadata(Map.of(SHA256, sha256)).ifNoneMatch("*");
        if (kmsKeyId == null) {
            b.serverSideEncryption(ServerSideEncryption.AES256);
        } else {
            b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        return b.build();
    }

    /** The sha256 stored with the key; empty when there is no such key. */
    private Optional<String> storedSha256(String key) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // a HEAD has no body, so the SDK cannot always tell NoSuchKey
                return Optional.empty();
            }
            throw e;
        }
        String stored = head.metadata().get(SHA256);
        // an object not written by this store: its bytes say what it holds
        return Optional.of(stored != null ? stored : ArtifactService.sha256(get(key).orElse(new byte[0])));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}
