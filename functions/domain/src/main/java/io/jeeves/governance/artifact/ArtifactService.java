package io.jeeves.governance.artifact;

import io.jeeves.error.InternalException;
import io.jeeves.error.JeevesException;
import io.jeeves.error.PayloadTooLargeException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.service.Ids;
import io.jeeves.kernel.store.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Creates and reads immutable artifacts (see the package documentation for placement, URIs, write
 * order and tenancy). A create that names an existing id is a retry: it returns the stored artifact
 * when it is the same write, and is refused otherwise; nothing is ever overwritten.
 */
public final class ArtifactService {
    /** The largest content kept inline in the metadata item: 64 KiB. */
    public static final int MAX_INLINE_BYTES = 65_536;
    /** The largest content accepted: 10 MiB. */
    public static final int MAX_CONTENT_BYTES = 10 * 1024 * 1024;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    static final String INLINE_URI_PREFIX = "jeeves://artifacts/";
    private static final int MAX_CONTENT_TYPE = 255;
    private static final int MAX_OWNER_SEGMENT = 128;
    /** RFC 9110 media type: type "/" subtype, then {@code ; name=value} parameters (token or quoted string). */
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\\\p{Cntrl}]|\\\\[^\\p{Cntrl}])*\"))*");

    private final ArtifactStore store;
    private final BlobStore blobs;
    private final ArtifactConfig config;
    private final Clock clock;

    public ArtifactService(ArtifactStore store, BlobStore blobs, ArtifactConfig config, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param id a deterministic id (e.g. {@code directiveId:runId:type}) that makes a retried write return
     *     the stored artifact; null draws a fresh {@code art_…} id
     * @param owner whose artifact it is; null: the caller's default owner
     * @param contentType a media type; null: {@value #DEFAULT_CONTENT_TYPE}
     * @param content required; may be empty
     */
    public record CreateRequest(String id, String type, String owner, String directiveId, String runId,
            String processId, String contentType, byte[] content) {
    }

    /**
     * The artifact {@code req} describes, validated, not stored: for a store that inserts it together with other
     * writes (an LLM call's records, with the settlement of its reservation). Content must fit inline.
     *
     * @throws PayloadTooLargeException for content beyond {@link #MAX_INLINE_BYTES}
     */
    public Artifact prepareInline(Caller caller, CreateRequest req) {
        Artifact a = candidate(caller, req);
        if (a.placement() != Placement.INLINE) {
            throw new PayloadTooLargeException("an artifact written with other records holds at most "
                    + MAX_INLINE_BYTES + " bytes");
        }
        return a;
    }

    public Artifact create(Caller caller, CreateRequest req) {
        Artifact candidate = candidate(caller, req);
        String id = req.id() == null ? null : candidate.id();
        byte[] content = req.content();
        String contentType = candidate.contentType();
        String sha256 = candidate.sha256();
        if (id != null && candidate.placement() == Placement.BLOB) {
            // a retry finds the stored artifact before uploading its content again; an inline one is simply
            // inserted, and a retry learns from the refused insert (one write instead of a read and a write)
            Optional<Artifact> existing = store.get(id);
            if (existing.isPresent()) {
                return sameWriteOrRefuse(existing.get(), candidate);
            }
        }
        if (candidate.placement() == Placement.BLOB
                && !blobs.putIfAbsent(candidate.blobKey(), content, contentType, sha256)) {
            // the key is the content's hash: other bytes under it mean the blob store is corrupt
            throw new InternalException("Blob " + candidate.blobKey() + " holds other content than its hash says", null);
        }
        while (!store.insert(candidate)) {
            if (id != null) { // a concurrent write of the same id won
                return sameWriteOrRefuse(store.get(id).orElseThrow(), candidate);
            }
            candidate = withId(candidate, newId()); // an id collision: draw another
        }
        return candidate;
    }

    /** The artifact a request describes, validated, with its id (drawn when the request has none). */
    private Artifact candidate(Caller caller, CreateRequest req) {
        String id = req.id() == null ? null : Ids.pathId("id", req.id());
        ArtifactType type = ArtifactType.of(req.type());
        String owner = req.owner() == null ? caller.defaultOwner() : Ids.textId("owner", req.owner());
        if (!caller.canActFor(owner)) {
            throw JeevesException.permissionDenied("owner", "Only jeeves/admin may create artifacts for another user");
        }
        String directiveId = optionalId("directive_id", req.directiveId());
        String runId = optionalId("run_id", req.runId());
        String processId = optionalId("process_id", req.processId());
        String contentType = contentType(req.contentType());
        byte[] content = req.content();
        if (content == null) {
            throw JeevesException.invalidArgument("content", "content is required (it may be empty)");
        }
        if (content.length > MAX_CONTENT_BYTES) {
            throw new PayloadTooLargeException("content is " + content.length + " bytes; an artifact holds at most "
                    + MAX_CONTENT_BYTES + " bytes (10 MiB)");
        }
        String sha256 = sha256(content);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String newId = id == null ? newId() : id;
        return content.length <= MAX_INLINE_BYTES
                ? new Artifact(newId, type, owner, directiveId, runId, processId, contentType, content.length, sha256, now,
                        INLINE_URI_PREFIX + newId, Placement.INLINE, content, null)
                : blobArtifact(newId, type, owner, directiveId, runId, processId, contentType, content.length, sha256, now);
    }

    /** Another owner's artifact is not found, exactly like a missing one. */
    public Artifact get(Caller caller, String id) {
        Ids.pathId("artifact_id", id);
        return store.get(id).filter(a -> caller.canActFor(a.owner()))
                .orElseThrow(() -> JeevesException.notFound("Artifact " + id + " not found"));
    }

    public ArtifactContent content(Caller caller, String id) {
        Artifact a = get(caller, id);
        if (a.placement() == Placement.INLINE) {
            return new ArtifactContent(a, a.content());
        }
        byte[] bytes = blobs.get(a.blobKey())
                .orElseThrow(() -> new InternalException("The content of artifact " + id + " is missing", null));
        if (!sha256(bytes).equals(a.sha256())) {
            throw new InternalException("The content of artifact " + id + " does not match its sha256", null);
        }
        return new ArtifactContent(a, bytes);
    }

    /** A user lists its own artifacts; an admin everyone's. Newest first; filters may be null. */
    public Page<Artifact> list(Caller caller, String type, String directiveId, Integer limit, String nextToken) {
        ArtifactType t = type == null || type.isEmpty() ? null : ArtifactType.of(type);
        String directive = directiveId == null || directiveId.isEmpty() ? null : Ids.pathId("directive_id", directiveId);
        return store.list(scope(caller), t, directive, limit(limit), nextToken);
    }

    /** The memory reader: the newest artifacts (of a type, when given) as summaries; limit 1..100. */
    public List<ArtifactSummary> summaries(Caller caller, String type, Integer limit) {
        ArtifactType t = type == null || type.isEmpty() ? null : ArtifactType.of(type);
        return store.latest(scope(caller), t, limit(limit)).stream().map(Artifact::summary).toList();
    }

    /** The hex SHA-256 of {@code bytes}, lower case. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) { // every Java platform has SHA-256
            throw new IllegalStateException(e);
        }
    }

    /** {@code artifacts/{owner}/{sha256}}: content-addressed, so a retry of a write reuses its blob. */
    public static String blobKey(String owner, String sha256) {
        String segment = URLEncoder.encode(owner, StandardCharsets.UTF_8);
        if (segment.length() > MAX_OWNER_SEGMENT) {
            segment = "~" + sha256(owner.getBytes(StandardCharsets.UTF_8));
        }
        return "artifacts/" + segment + "/" + sha256;
    }

    private Artifact blobArtifact(String id, ArtifactType type, String owner, String directiveId, String runId,
            String processId, String contentType, long size, String sha256, Instant now) {
        String key = blobKey(owner, sha256);
        return new Artifact(id, type, owner, directiveId, runId, processId, contentType, size, sha256, now,
                "s3://" + config.bucket() + "/" + key, Placement.BLOB, null, key);
    }

    private static Artifact withId(Artifact a, String id) {
        String uri = a.placement() == Placement.INLINE ? INLINE_URI_PREFIX + id : a.uri();
        return new Artifact(id, a.type(), a.owner(), a.directiveId(), a.runId(), a.processId(), a.contentType(), a.size(),
                a.sha256(), a.createdAt(), uri, a.placement(), a.content(), a.blobKey());
    }

    private static Artifact sameWriteOrRefuse(Artifact stored, Artifact candidate) {
        if (!stored.owner().equals(candidate.owner())) { // names nobody, like a taken pid
            throw JeevesException.failedPrecondition("artifact id " + stored.id() + " is already in use");
        }
        if (!stored.sameWriteAs(candidate)) {
            throw JeevesException.failedPrecondition("artifacts are immutable: " + stored.id()
                    + " exists with other content, type or links");
        }
        return stored;
    }

    private static String scope(Caller caller) {
        return caller.isAdmin() ? null : caller.subject();
    }

    private static int limit(Integer limit) {
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw JeevesException.invalidArgument("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return n;
    }

    private static String optionalId(String field, String value) {
        return value == null ? null : Ids.pathId(field, value);
    }

    private static String contentType(String value) {
        if (value == null) {
            return DEFAULT_CONTENT_TYPE;
        }
        if (value.length() > MAX_CONTENT_TYPE || !MEDIA_TYPE.matcher(value).matches()) {
            throw JeevesException.invalidArgument("content_type",
                    "content_type must be a media type such as application/json or text/plain; charset=utf-8");
        }
        return value;
    }

    private static String newId() {
        return "art_" + UUID.randomUUID().toString().replace("-", "");
    }
}
