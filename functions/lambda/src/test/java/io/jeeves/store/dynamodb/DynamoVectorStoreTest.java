package io.jeeves.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.llm.embedding.VectorStore;
import io.jeeves.llm.embedding.VectorStoreContract;
import io.jeeves.testing.DynamoDbLocal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Semantic memory against DynamoDB Local, and what only its layout can get wrong. */
class DynamoVectorStoreTest extends VectorStoreContract {
    @Override
    protected VectorStore newStore() {
        return new DynamoVectorStore(DynamoDbLocal.client(), DynamoDbLocal.freshTables() + Catalog.VECTORS);
    }

    @Test
    void vectorsComeBackBitForBitAcrossPages() {
        float[] v = new float[1536]; // 6 KB a vector: a partition of 300 needs several query pages (1 MB each)
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i) / 7f;
        }
        v[3] = Float.MIN_VALUE;
        v[4] = -0.0f;
        for (int i = 0; i < 300; i++) {
            assertThat(store.insert("big", new VectorStore.Item("i" + i, v, "s", null, Instant.EPOCH))).isTrue();
        }
        assertThat(store.insert("big", new VectorStore.Item("i7", v, "again", null, Instant.EPOCH))).isFalse();
        assertThat(store.count("big")).isEqualTo(300);
        var all = store.all("big", 1000);
        assertThat(all).hasSize(300);
        assertThat(all.get(123).vector()).containsExactly(v);
        assertThat(store.all("big", 10)).hasSize(10);
    }
}
