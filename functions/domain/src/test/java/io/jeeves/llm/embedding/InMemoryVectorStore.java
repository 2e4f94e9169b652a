package io.jeeves.llm.embedding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test double honouring the {@link VectorStore} contract. */
public final class InMemoryVectorStore implements VectorStore {
    private final Map<String, Map<String, Item>> collections = new LinkedHashMap<>();

    @Override
    public synchronized boolean insert(String collection, Item item) {
        return collections.computeIfAbsent(collection, c -> new LinkedHashMap<>()).putIfAbsent(item.id(), item) == null;
    }

    @Override
    public synchronized int count(String collection) {
        return collections.getOrDefault(collection, Map.of()).size();
    }

    @Override
    public synchronized List<Item> all(String collection, int limit) {
        List<Item> out = new ArrayList<>(collections.getOrDefault(collection, Map.of()).values());
        return out.subList(0, Math.min(limit, out.size()));
    }
}
