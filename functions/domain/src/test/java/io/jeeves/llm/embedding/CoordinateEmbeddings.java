package io.jeeves.llm.embedding;

import io.jeeves.llm.LlmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic embeddings provider for tests whose vectors are written in the text itself ("3 4 0" is the
 * vector (3, 4, 0)), so a test knows every cosine exactly. It counts the texts it embedded, and can be told to
 * fail as a backend would.
 */
final class CoordinateEmbeddings implements EmbeddingProvider {
    private final AtomicInteger texts = new AtomicInteger();
    private volatile LlmException failure;

    @Override
    public String name() {
        return "coordinates";
    }

    @Override
    public int dimensions() {
        return 0;
    }

    @Override
    public List<float[]> embed(List<String> batch) {
        EmbeddingProvider.checked(batch);
        if (failure != null) {
            throw failure;
        }
        List<float[]> out = new ArrayList<>();
        for (String text : batch) {
            String[] parts = text.trim().split("\\s+");
            float[] v = new float[parts.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.parseFloat(parts[i]);
            }
            out.add(v);
            texts.incrementAndGet();
        }
        return out;
    }

    /** How many texts were embedded. */
    int embedded() {
        return texts.get();
    }

    /** Every later call fails with {@code e} (null: succeeds again). */
    void failWith(LlmException e) {
        failure = e;
    }
}
