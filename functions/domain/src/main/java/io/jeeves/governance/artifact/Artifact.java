package io.jeeves.governance.artifact;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable record of a decision or result. Exactly one of {@code content} (INLINE) and
 * {@code blobKey} (BLOB) is set. The content array is copied in and out, so nobody can change a
 * stored artifact through it.
 *
 * @param owner the tenant (the user the artifact belongs to)
 * @param directiveId optional link to the directive
 * @param runId optional link to the execution run
 * @param processId optional link to a kernel process
 * @param size the content's length in bytes
 * @param sha256 the content's SHA-256, lower-case hex
 * @param uri {@code jeeves://artifacts/{id}} (INLINE) or {@code s3://{bucket}/{key}} (BLOB)
 * @param content the bytes when INLINE, null when BLOB
 * @param blobKey the blob store key when BLOB, null when INLINE
 */
public record Artifact(
        String id,
        ArtifactType type,
        String owner,
        String directiveId,
        String runId,
        String processId,
        String contentType,
        long size,
        String sha256,
        Instant createdAt,
        String uri,
        Placement placement,
        byte[] content,
        String blobKey) {

    public Artifact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(placement, "placement");
        boolean inline = placement == Placement.INLINE;
        if (inline != (content != null) || inline == (blobKey != null)) {
            throw new IllegalArgumentException("an INLINE artifact has content and no blob key, a BLOB one the reverse");
        }
        if (inline && content.length != size) {
            throw new IllegalArgumentException("size " + size + " differs from the inline content's " + content.length);
        }
        content = content == null ? null : content.clone();
    }

    /** A copy of the inline content, or null for a BLOB artifact. */
    @Override
    public byte[] content() {
        return content == null ? null : content.clone();
    }

    /** What the memory reader shows: the metadata, never the content. */
    public ArtifactSummary summary() {
        return new ArtifactSummary(id, type, directiveId, runId, size, contentType, createdAt, uri);
    }

    /** The same write, as far as a retry is concerned: same owner, type, links and bytes. */
    boolean sameWriteAs(Artifact other) {
        return owner.equals(other.owner) && type.equals(other.type) && sha256.equals(other.sha256) && size == other.size
                && contentType.equals(other.contentType) && Objects.equals(directiveId, other.directiveId)
                && Objects.equals(runId, other.runId) && Objects.equals(processId, other.processId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Artifact a && id.equals(a.id) && type.equals(a.type) && owner.equals(a.owner)
                && Objects.equals(directiveId, a.directiveId) && Objects.equals(runId, a.runId)
                && Objects.equals(processId, a.processId) && contentType.equals(a.contentType) && size == a.size
                && sha256.equals(a.sha256) && createdAt.equals(a.createdAt) && uri.equals(a.uri)
                && placement == a.placement && Arrays.equals(content, a.content) && Objects.equals(blobKey, a.blobKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, sha256, createdAt);
    }

    @Override
    public String toString() {
        return "Artifact[id=" + id + ", type=" + type + ", owner=" + owner + ", directiveId=" + directiveId + ", runId="
                + runId + ", processId=" + processId + ", contentType=" + contentType + ", size=" + size + ", sha256="
                + sha256 + ", createdAt=" + createdAt + ", uri=" + uri + ", placement=" + placement + ", blobKey="
                + blobKey + "]";
    }
}
