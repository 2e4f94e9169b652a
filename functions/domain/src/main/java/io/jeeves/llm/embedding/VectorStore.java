package io.jeeves.llm.embedding;

import java.time.Instant;
import java.util.List;

/** Vectors by collection (one per owner): inserted once, read whole (collections are bounded). */
public interface VectorStore {
    /**
     * @param vector unit length
     * @param source what the text came from (an artifact id, a URL), or null
     */
    record Item(String id, float[] vector, String summary, String source, Instant createdAt) {
    }

    /** Inserts {@code item}; false (nothing written) when its id is taken in the collection. */
    boolean insert(String collection, Item item);

    /** How many items the collection holds. */
    int count(String collection);

    /** The collection's items, at most {@code limit}. */
    List<Item> all(String collection, int limit);
}
