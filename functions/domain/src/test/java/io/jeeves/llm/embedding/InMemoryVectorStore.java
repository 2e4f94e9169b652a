package io.jeeves.llm.embedding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** A test double honouring the {@link VectorStore} contract: collections in id order, one lock for all. */
public final class InMemoryVectorStore implements VectorStore {
    private final Map<String, NavigableMap<String, Item>> collections = new HashMap<>();

    @Override
    public synchronized Insert insert(String collection, Item item, int capacity) {
        NavigableMap<String, Item> items = collections.computeIfAbsent(collection, c -> new TreeMap<>());
        if (items.containsKey(item.id())) {
            return Insert.TAKEN;
        }
        if (items.size() >= capacity) {
            return Insert.FULL;
        }
        items.put(item.id(), item);
        return Insert.INSERTED;
    }

    @Override
    public synchronized Optional<Item> get(String collection, String id) {
        return Optional.ofNullable(collections.getOrDefault(collection, new TreeMap<>()).get(id));
    }

    @Override
    public synchronized int count(String collection) {
        return collections.getOrDefault(collection, new TreeMap<>()).size();
    }

    @Override
    public synchronized List<Item> all(String collection, int limit) {
        List<Item> out = new ArrayList<>(collections.getOrDefault(collection, new TreeMap<>()).values());
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }
}
