package io.jeeves.llm.embedding;

import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.service.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Semantic memory: documents embedded and kept per owner, searched by exact cosine similarity over the
 * owner's whole collection (bounded, so exact search stays cheap). Results carry scores and summaries,
 * never vectors; one owner never sees another's documents.
 */
public final class MemorySearch {
    public static final int MAX_TEXT = 8192;
    public static final int MAX_SUMMARY = 1024;
    public static final int MAX_TOP_K = 50;
    public static final int DEFAULT_TOP_K = 10;
    public static final int MAX_BATCH = 100;
    /** The most documents one owner may keep: the exact search reads them all. */
    public static final int MAX_COLLECTION = 10_000;

    /** A document to index. @param id null: a fresh one */
    public record Document(String id, String text, String summary, String source) {
    }

    /** A search hit: cosine similarity in [-1, 1]. */
    public record Hit(String id, double score, String summary, String source, java.time.Instant createdAt) {
    }

    private final EmbeddingProvider embeddings;
    private final VectorStore store;
    private final Clock clock;

    public MemorySearch(EmbeddingProvider embeddings, VectorStore store, Clock clock) {
        this.embeddings = embeddings;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Embeds and keeps {@code doc} in the caller's collection. A document id already taken is refused
     * (FAILED_PRECONDITION); a full collection RESOURCE_EXHAUSTED.
     */
    public VectorStore.Item index(Caller caller, Document doc) {
        String text = text("text", doc.text(), MAX_TEXT);
        String summary = doc.summary() == null ? text.substring(0, Math.min(200, text.length()))
                : text("summary", doc.summary(), MAX_SUMMARY);
        String id = doc.id() == null ? "mem-" + Ids.uuid() : Ids.pathId("id", doc.id());
        String source = doc.source() == null ? null : Ids.text("source", doc.source(), 1024);
        String collection = caller.defaultOwner();
        if (store.count(collection) >= MAX_COLLECTION) {
            throw JeevesException.resourceExhausted("memory holds " + MAX_COLLECTION + " documents, its most", null);
        }
        float[] vector = unit(embeddings.embed(List.of(text)).get(0));
        VectorStore.Item item = new VectorStore.Item(id, vector, summary, source, clock.instant());
        if (!store.insert(collection, item)) {
            throw JeevesException.failedPrecondition("memory document " + id + " exists already");
        }
        return item;
    }

    /** The {@code topK} documents of the caller's most similar to {@code query}, best first (ties by id). */
    public List<Hit> search(Caller caller, String query, Integer topK) {
        String q = text("q", query, MAX_TEXT);
        int k = topK == null ? DEFAULT_TOP_K : topK;
        if (k < 1 || k > MAX_TOP_K) {
            throw JeevesException.invalidArgument("top_k", "top_k must be between 1 and " + MAX_TOP_K);
        }
        float[] v = unit(embeddings.embed(List.of(q)).get(0));
        Comparator<Hit> worstFirst = Comparator.comparingDouble(Hit::score).thenComparing(Hit::id, Comparator.reverseOrder());
        PriorityQueue<Hit> best = new PriorityQueue<>(worstFirst);
        for (VectorStore.Item item : store.all(caller.defaultOwner(), MAX_COLLECTION)) {
            Hit h = new Hit(item.id(), dot(v, item.vector()), item.summary(), item.source(), item.createdAt());
            best.add(h);
            if (best.size() > k) {
                best.poll();
            }
        }
        List<Hit> out = new ArrayList<>(best);
        out.sort(worstFirst.reversed());
        return out;
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw JeevesException.invalidArgument(field, field + " is required");
        }
        if (value.length() > max) {
            throw JeevesException.invalidArgument(field, field + " must be at most " + max + " characters");
        }
        return value;
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
