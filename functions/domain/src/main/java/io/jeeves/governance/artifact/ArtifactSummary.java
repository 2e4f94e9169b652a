package io.jeeves.governance.artifact;

import java.time.Instant;

/** An artifact as the memory reader shows it: its metadata and links, never its content. */
public record ArtifactSummary(String id, ArtifactType type, String directiveId, String runId, long size,
        String contentType, Instant createdAt, String uri) {
}
