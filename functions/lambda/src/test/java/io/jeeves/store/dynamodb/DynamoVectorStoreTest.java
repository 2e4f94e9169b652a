package io.jeeves.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.llm.embedding.VectorStore;
import io.jeeves.llm.embedding.VectorStoreContract;
import io.jeeves.testing.DynamoDbLocal;
import io.jeeves.error.UnavailableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Semantic memory against DynamoDB Local, and what only its layout can get wrong. */
class DynamoVectorStoreTest extends VectorStoreContract {
    private String table;

    @Override
    protected VectorStore newStore() {
        table = DynamoDbLocal.freshTables() + Catalog.VECTORS;
        return new DynamoVectorStore(DynamoDbLocal.client(), table);
    }

    @Test
    void vectorsAreLittleEndianFloatsAndComeBackBitForBitAcrossPages() {
        float[] v = new float[1536]; // 6 KB a vector: a partition of 300 needs several query pages (1 MB each)
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i) / 7f;
        }
        v[3] = Float.MIN_VALUE;
        v[4] = -0.0f;
        for (int i = 0; i < 300; i++) {
            assertThat(store.insert("big", item(String.format("i%03d", i), v), 1000)).isEqualTo(VectorStore.Insert.INSERTED);
        }
        assertThat(store.insert("big", item("i007", v), 1000)).isEqualTo(VectorStore.Insert.TAKEN);
        assertThat(store.count("big")).isEqualTo(300);
        var all = store.all("big", 1000);
        assertThat(all).hasSize(300);
        assertThat(all.get(123).id()).isEqualTo("i123");
        assertThat(all.get(123).vector()).containsExactly(v);
        assertThat(store.all("big", 10)).hasSize(10);
        assertThat(store.all("big", 299)).hasSize(299).last().extracting(VectorStore.Item::id).isEqualTo("i298");

        Map<String, AttributeValue> raw = DynamoDbLocal.client().getItem(r -> r.tableName(table)
                .key(Map.of("collection", AttributeValue.fromS("big"), "item_id", AttributeValue.fromS("i001")))).item();
        ByteBuffer bytes = raw.get("vector").b().asByteBuffer();
        assertThat(bytes.remaining()).isEqualTo(1536 * 4);
        assertThat(bytes.order(ByteOrder.LITTLE_ENDIAN).getFloat(4 * 10)).isEqualTo(v[10]);
        assertThat(raw).doesNotContainKey("text").containsKeys("text_sha256", "summary", "created_at");
    }

    @Test
    void theCountIsOneItemThatNoReadOfTheCollectionReturns() {
        store.insert("alice", item("a", 1f), 5);
        store.insert("alice", item("b", 1f), 5);
        Map<String, AttributeValue> count = DynamoDbLocal.client().getItem(r -> r.tableName(table)
                .key(Map.of("collection", AttributeValue.fromS("alice"),
                        "item_id", AttributeValue.fromS(DynamoVectorStore.COUNT)))).item();
        assertThat(count.get("items").n()).isEqualTo("2");
        assertThat(store.all("alice", 10)).extracting(VectorStore.Item::id).containsExactly("a", "b");
        assertThat(store.get("alice", DynamoVectorStore.COUNT)).isEmpty();
    }

    @Test
    void anInsertThatMeetsOtherTransactionsIsTriedAgainThenReportedBusy() {
        // DynamoDB Local runs transactions one at a time; DynamoDB cancels one that meets another on the count
        Conflicting db = new Conflicting(DynamoDbLocal.client(), 3);
        DynamoVectorStore busy = new DynamoVectorStore(db, table);
        assertThat(busy.insert("alice", item("a", 1f), 5)).isEqualTo(VectorStore.Insert.INSERTED);
        assertThat(db.attempts.get()).isEqualTo(4);
        assertThat(busy.count("alice")).isEqualTo(1);

        Conflicting always = new Conflicting(DynamoDbLocal.client(), Integer.MAX_VALUE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DynamoVectorStore(always, table)
                .insert("alice", item("b", 1f), 5)).isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(1L));
        assertThat(always.attempts.get()).isEqualTo(10);
        assertThat(store.get("alice", "b")).isEmpty();
        assertThat(store.count("alice")).isEqualTo(1);
    }

    /** Failure injection: DynamoDB Local, but the first {@code conflicts} transactions cancelled as conflicting. */
    private static final class Conflicting implements DynamoDbClient {
        private final DynamoDbClient real;
        private final int conflicts;
        final AtomicInteger attempts = new AtomicInteger();

        Conflicting(DynamoDbClient real, int conflicts) {
            this.real = real;
            this.conflicts = conflicts;
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            if (attempts.incrementAndGet() <= conflicts) {
                throw TransactionCanceledException.builder().message("Transaction cancelled")
                        .cancellationReasons(CancellationReason.builder().code("None").build(),
                                CancellationReason.builder().code("TransactionConflict").build())
                        .build();
            }
            return real.transactWriteItems(request);
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            return real.getItem(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
        }
    }
}
