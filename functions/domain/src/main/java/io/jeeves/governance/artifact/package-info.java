/**
 * Immutable artifacts: the record every decision and result of the control loop leaves behind
 * (policy evaluations, execution start/checkpoint/end, module output, LLM calls).
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Immutable.</b> An artifact is written once and never changed or deleted: {@link
 *       io.jeeves.governance.artifact.ArtifactStore} has an insert that refuses a taken id and no update
 *       or delete; {@link io.jeeves.governance.artifact.BlobStore} refuses to put other bytes under a
 *       taken key.</li>
 *   <li><b>Placement.</b> Content of at most {@value io.jeeves.governance.artifact.ArtifactService#MAX_INLINE_BYTES}
 *       bytes (64 KiB) is kept inline in the metadata item ({@code INLINE}); larger content, up to
 *       {@value io.jeeves.governance.artifact.ArtifactService#MAX_CONTENT_BYTES} bytes (10 MiB), goes to the
 *       blob store ({@code BLOB}); more is PAYLOAD_TOO_LARGE. Empty content is allowed (an inline artifact
 *       of size 0): a checkpoint or marker may carry nothing but its links.</li>
 *   <li><b>URI.</b> {@code jeeves://artifacts/{id}} for inline content (served by
 *       {@code GET /v1/artifacts/{id}/content}); {@code s3://{bucket}/{key}} for blobs, with the bucket
 *       from {@link io.jeeves.governance.artifact.ArtifactConfig}.</li>
 *   <li><b>Blob keys</b> are content-addressed per owner: {@code artifacts/{owner}/{sha256}} (the owner
 *       percent-encoded; an owner whose encoding is longer than 128 characters is replaced by
 *       {@code ~} and the hex SHA-256 of the owner, so a key stays far below S3's 1,024 bytes).</li>
 *   <li><b>Write order, and why nothing is ever half-written.</b> The blob is written first, the
 *       metadata item second. The metadata insert is the commit point: an artifact is visible only
 *       through its metadata, and metadata is written only after its blob is stored, so it never points
 *       to a missing blob. A failure between the two leaves an orphan blob that nothing references; as
 *       its key is the content's hash, a retry of the same write puts the same key again (accepted,
 *       nothing rewritten) and then inserts the metadata. Orphans can be collected by a sweep of keys no
 *       metadata names.</li>
 *   <li><b>Exactly once.</b> A flow passes a deterministic id (e.g. {@code directiveId:runId:type});
 *       a retried write with the same content returns the stored artifact, with other content it is
 *       FAILED_PRECONDITION "artifacts are immutable".</li>
 *   <li><b>Tenancy.</b> Another owner's artifact answers NOT_FOUND, like a missing one; {@code jeeves/admin}
 *       and the trusted system read all.</li>
 * </ul>
 */
package io.jeeves.governance.artifact;
