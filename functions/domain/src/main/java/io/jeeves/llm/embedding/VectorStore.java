package io.jeeves.llm.embedding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Vectors by collection (one per owner): inserted once, never changed, read whole (collections are bounded, so
 * an exact search can read them all). A store keeps each collection's count with its items, so the bound is
 * decided by the insert itself, whatever other writers do at the same time.
 */
public interface VectorStore {
    /**
     * @param vector unit length
     * @param textSha256 the hex SHA-256 of the embedded text: a retry of the same write is known by it (the text
     *        itself is not kept)
     * @param source what the text came from (an artifact id, a URL), or null
     */
    record Item(String id, float[] vector, String textSha256, String summary, String source, Instant createdAt) {
    }

    /** What an insert did. */
    enum Insert {
        /** The item is stored, and counted. */
        INSERTED,
        /** Nothing was written: the id is taken in the collection. */
        TAKEN,
        /** Nothing was written: the collection holds {@code capacity} items already. */
        FULL
    }

    /** Inserts {@code item} unless its id is taken or the collection holds {@code capacity} items. */
    Insert insert(String collection, Item item, int capacity);

    /** The item {@code id} of the collection, if there is one. */
    Optional<Item> get(String collection, String id);

    /** How many items the collection holds (read from its count: no item is read). */
    int count(String collection);

    /** The collection's items, at most {@code limit}, in id order. */
    List<Item> all(String collection, int limit);
}
