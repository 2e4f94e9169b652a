package io.jeeves.governance.artifact;

/** An artifact's bytes with the metadata a reply needs (content type, size, sha256 for an ETag). */
public final class ArtifactContent {
    private final Artifact artifact;
    private final byte[] bytes;

    ArtifactContent(Artifact artifact, byte[] bytes) {
        this.artifact = artifact;
        this.bytes = bytes.clone();
    }

    public Artifact artifact() {
        return artifact;
    }

    public String contentType() {
        return artifact.contentType();
    }

    /** A copy of the content. */
    public byte[] bytes() {
        return bytes.clone();
    }
}
