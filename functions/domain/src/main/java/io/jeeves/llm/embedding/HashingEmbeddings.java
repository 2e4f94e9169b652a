package io.jeeves.llm.embedding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Deterministic embeddings for tests and local demos, without a model: each word (lower-cased letters and
 * digits) is hashed into one of {@code dimensions} buckets with a sign, so texts sharing words point the same
 * way. Not semantic; never the default.
 */
public final class HashingEmbeddings implements EmbeddingProvider {
    public static final String NAME = "hashing";
    private final int dimensions;

    public HashingEmbeddings(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("hashing embeddings need at least one dimension, not " + dimensions);
        }
        this.dimensions = dimensions;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : EmbeddingProvider.checked(texts)) {
            float[] v = new float[dimensions];
            for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (word.isEmpty()) {
                    continue;
                }
                CRC32 crc = new CRC32();
                crc.update(word.getBytes(StandardCharsets.UTF_8));
                long h = crc.getValue();
                v[(int) (h % dimensions)] += (h & 0x80000000L) == 0 ? 1f : -1f; // bit 31 gives the sign
            }
            out.add(v);
        }
        return out;
    }
}
