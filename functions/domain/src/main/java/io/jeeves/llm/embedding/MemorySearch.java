package io.jeeves.llm.embedding;

import io.jeeves.error.JeevesException;
import io.jeeves.error.UnavailableException;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.service.Ids;
import io.jeeves.llm.LlmException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Semantic memory: documents embedded and kept per owner (the collection is the owner), searched by exact
 * cosine similarity over the owner's whole collection, which is bounded so that exact search stays cheap.
 * Results carry scores and summaries, never vectors; a user reaches only its own collection, an admin
 * anyone's by naming its {@code owner}. Vectors are scaled to unit length once, when written, so a score is
 * one dot product.
 */
public final class MemorySearch {
    public static final int MAX_TEXT = EmbeddingProvider.MAX_TEXT;
    public static final int MAX_SUMMARY = 1024;
    public static final int MAX_SOURCE = 1024;
    /** A document indexed without a summary is summarised by the start of its text, this long. */
    public static final int DEFAULT_SUMMARY = 200;
    public static final int MAX_TOP_K = 50;
    public static final int DEFAULT_TOP_K = 10;
    /** The most documents one owner may keep: a search reads them all (about 60 MB at 1,536 dimensions). */
    public static final int MAX_COLLECTION = 10_000;

    /**
     * A document to index.
     *
     * @param id null: a fresh one
     * @param owner whose memory; null: the caller's (only an admin may name another user)
     * @param summary null: the start of the text
     * @param source what the text came from (an artifact id, a URL), or null
     */
    public record Document(String id, String owner, String text, String summary, String source) {
    }

    /** An indexed document; {@code created} false when an earlier write of the same document stands. */
    public record Indexed(VectorStore.Item item, boolean created) {
    }

    /** A search hit: cosine similarity in [-1, 1]. */
    public record Hit(String id, double score, String summary, String source, Instant createdAt) {
    }

    private static final Comparator<Hit> WORST_FIRST = Comparator.comparingDouble(Hit::score)
            .thenComparing(Hit::id, Comparator.reverseOrder());

    private final EmbeddingProvider embeddings;
    private final VectorStore store;
    private final Clock clock;
    private final int capacity;

    public MemorySearch(EmbeddingProvider embeddings, VectorStore store, Clock clock) {
        this(embeddings, store, clock, MAX_COLLECTION);
    }

    /** @param capacity the most documents one owner may keep ({@link #MAX_COLLECTION} in production) */
    public MemorySearch(EmbeddingProvider embeddings, VectorStore store, Clock clock, int capacity) {
        this.embeddings = embeddings;
        this.store = store;
        this.clock = clock;
        this.capacity = capacity;
    }

    /**
     * Embeds and keeps {@code doc}. Writing a document again (same id, text, summary and source) answers the
     * stored one without embedding anything; the same id with anything else is refused (FAILED_PRECONDITION),
     * and so is a document past the collection's bound (RESOURCE_EXHAUSTED).
     */
    public Indexed index(Caller caller, Document doc) {
        String owner = owner(caller, doc.owner());
        String text = text("text", doc.text(), MAX_TEXT);
        String summary = doc.summary() == null ? start(text) : text("summary", doc.summary(), MAX_SUMMARY);
        String id = doc.id() == null ? null : Ids.pathId("id", doc.id());
        String source = Ids.text("source", doc.source(), MAX_SOURCE);
        String sha256 = ArtifactService.sha256(text.getBytes(StandardCharsets.UTF_8));
        if (id != null) {
            Optional<VectorStore.Item> stored = store.get(owner, id);
            if (stored.isPresent()) {
                return new Indexed(sameWriteOrRefuse(stored.get(), sha256, summary, source), false);
            }
        }
        if (store.count(owner) >= capacity) { // before paying for an embedding; the insert decides for good
            throw full();
        }
        VectorStore.Item item = new VectorStore.Item(id == null ? "mem-" + Ids.uuid() : id, embed("text", text), sha256,
                summary, source, clock.instant());
        switch (store.insert(owner, item, capacity)) {
            case INSERTED:
                return new Indexed(item, true);
            case FULL:
                throw full();
            default: // TAKEN: a concurrent write of the same id got there first
                VectorStore.Item stored = store.get(owner, item.id()).orElseThrow();
                return new Indexed(sameWriteOrRefuse(stored, sha256, summary, source), false);
        }
    }

    /**
     * The {@code topK} (default {@link #DEFAULT_TOP_K}) documents of {@code owner} (null: the caller) most
     * similar to {@code query}, best first; equal scores in id order.
     */
    public List<Hit> search(Caller caller, String owner, String query, Integer topK) {
        String collection = owner(caller, owner);
        String q = text("q", query, MAX_TEXT);
        int k = topK == null ? DEFAULT_TOP_K : topK;
        if (k < 1 || k > MAX_TOP_K) {
            throw JeevesException.invalidArgument("top_k", "top_k must be between 1 and " + MAX_TOP_K);
        }
        float[] v = embed("q", q);
        PriorityQueue<Hit> best = new PriorityQueue<>(WORST_FIRST);
        for (VectorStore.Item item : store.all(collection, capacity)) {
            best.add(new Hit(item.id(), dot(v, item.vector()), item.summary(), item.source(), item.createdAt()));
            if (best.size() > k) {
                best.poll();
            }
        }
        List<Hit> out = new ArrayList<>(best);
        out.sort(WORST_FIRST.reversed());
        return out;
    }

    private static String owner(Caller caller, String owner) {
        String who = owner == null ? caller.defaultOwner() : Ids.textId("owner", owner);
        if (!caller.canActFor(who)) {
            throw JeevesException.permissionDenied("owner", "Only jeeves/admin may use another user's memory");
        }
        return who;
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw JeevesException.invalidArgument(field, field + " is required");
        }
        return Ids.text(field, value, max);
    }

    /** The text's first {@link #DEFAULT_SUMMARY} characters, not cutting a character in two. */
    private static String start(String text) {
        int end = Math.min(DEFAULT_SUMMARY, text.length());
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static VectorStore.Item sameWriteOrRefuse(VectorStore.Item stored, String sha256, String summary,
            String source) {
        if (!sha256.equals(stored.textSha256()) || !summary.equals(stored.summary())
                || !Objects.equals(stored.source(), source)) {
            throw JeevesException.failedPrecondition("memory documents are immutable: " + stored.id()
                    + " exists with another text, summary or source");
        }
        return stored;
    }

    private JeevesException full() {
        return JeevesException.resourceExhausted("this memory holds " + capacity + " documents, its most: nothing was "
                + "indexed", null);
    }

    /** The vector of {@code text}, unit length; a provider's failure as the API's error. */
    private float[] embed(String field, String text) {
        try {
            return unit(embeddings.embedOne(text));
        } catch (LlmException e) {
            throw failure(field, e);
        }
    }

    /**
     * An embeddings failure as the API's error (the provider's message holds neither a key nor the text): a
     * rate limit RESOURCE_EXHAUSTED, a refused text INVALID_ARGUMENT on {@code field}, anything else (disabled,
     * misconfigured, the backend failing) UNAVAILABLE; the backend's Retry-After kept.
     */
    static JeevesException failure(String field, LlmException e) {
        Long retryAfter = e.retryAfter() == null ? null : Math.max(1, e.retryAfter().toSeconds());
        switch (e.type().errorCode()) {
            case RESOURCE_EXHAUSTED:
                return JeevesException.resourceExhausted(e.getMessage(), retryAfter);
            case INVALID_ARGUMENT:
                return JeevesException.invalidArgument(field, e.getMessage());
            default:
                return new UnavailableException(e.getMessage(), retryAfter, e);
        }
    }

    /** {@code v} scaled to unit length (a zero vector stays zero: it matches nothing). */
    static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        if (norm == 0) {
            return v.clone();
        }
        float[] out = new float[v.length];
        double inv = 1 / Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    /** Cosine similarity of two unit vectors; 0 when their dimensions differ (another model's vectors). */
    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
