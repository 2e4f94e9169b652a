package io.jeeves.llm.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.error.PermissionDeniedException;
import io.jeeves.error.ResourceExhaustedException;
import io.jeeves.kernel.Caller;
import io.jeeves.llm.embedding.VectorStore.Insert;
import io.jeeves.llm.embedding.VectorStore.Item;
import io.jeeves.testing.Concurrently;
import io.jeeves.testing.TestClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every vector store must do, and semantic memory on top of it, over whatever store a subclass supplies. */
public abstract class VectorStoreContract {
    protected final Caller alice = Caller.user("alice", Set.of());
    protected final Caller bob = Caller.user("bob", Set.of());
    protected final Caller admin = Caller.user("root", Set.of(Caller.SCOPE_ADMIN));
    protected final Instant now = Instant.parse("2026-03-01T10:15:30.123456Z");
    protected VectorStore store;
    protected MemorySearch memory;

    protected abstract VectorStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
        memory = new MemorySearch(new HashingEmbeddings(256), store, new TestClock(now));
    }

    protected Item item(String id, float... vector) {
        return new Item(id, vector, "sha-" + id, "summary of " + id, null, now);
    }

    @Test
    void anItemComesBackAsWrittenAndItsIdIsNeverWrittenAgain() {
        float[] v = {0.6f, -0.8f, Float.MIN_VALUE, -0.0f, 1e-30f};
        Item first = new Item("doc-1", v, "ab12", "first summary", "art_9", now.plusNanos(1_000));
        assertThat(store.insert("alice", first, 10)).isEqualTo(Insert.INSERTED);
        assertThat(store.insert("alice", new Item("doc-1", new float[] {1f}, "cd34", "other", null, now), 10))
                .isEqualTo(Insert.TAKEN);
        Item read = store.get("alice", "doc-1").orElseThrow();
        assertThat(read.vector()).containsExactly(v); // bit for bit, -0.0 and the smallest float included
        assertThat(Float.floatToRawIntBits(read.vector()[3])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(read).usingRecursiveComparison().ignoringFields("vector").isEqualTo(first);
        assertThat(store.get("alice", "doc-2")).isEmpty();
        assertThat(store.get("bob", "doc-1")).isEmpty();
        assertThat(store.count("alice")).isEqualTo(1);
        assertThat(store.get("alice", "doc-1").orElseThrow().source()).isEqualTo("art_9");
        assertThat(store.insert("alice", item("no-source", 1f), 10)).isEqualTo(Insert.INSERTED);
        assertThat(store.get("alice", "no-source").orElseThrow().source()).isNull();
    }

    @Test
    void collectionsAreSeparateAndReadWholeInIdOrder() {
        for (String id : List.of("b", "c", "a", "a.1", "A")) {
            assertThat(store.insert("alice", item(id, 1f, 0f), 10)).isEqualTo(Insert.INSERTED);
        }
        assertThat(store.insert("bob", item("a", 0f, 1f), 10)).isEqualTo(Insert.INSERTED);
        assertThat(store.all("alice", 10)).extracting(Item::id).containsExactly("A", "a", "a.1", "b", "c");
        assertThat(store.all("alice", 2)).extracting(Item::id).containsExactly("A", "a");
        assertThat(store.all("bob", 10)).singleElement().satisfies(i -> assertThat(i.vector()).containsExactly(0f, 1f));
        assertThat(store.count("alice")).isEqualTo(5);
        assertThat(store.count("bob")).isEqualTo(1);
        assertThat(store.count("carol")).isZero();
        assertThat(store.all("carol", 10)).isEmpty();
    }

    @Test
    void aFullCollectionRefusesAndARefusedWriteIsNotCounted() {
        for (int i = 0; i < 3; i++) {
            assertThat(store.insert("alice", item("d" + i, 1f), 3)).isEqualTo(Insert.INSERTED);
        }
        assertThat(store.insert("alice", item("d3", 1f), 3)).isEqualTo(Insert.FULL);
        assertThat(store.insert("alice", item("d0", 1f), 3)).isEqualTo(Insert.TAKEN);
        assertThat(store.get("alice", "d3")).isEmpty();
        assertThat(store.count("alice")).isEqualTo(3);
        assertThat(store.insert("alice", item("d3", 1f), 4)).as("a larger bound").isEqualTo(Insert.INSERTED);
        assertThat(store.insert("bob", item("d0", 1f), 1)).as("another collection").isEqualTo(Insert.INSERTED);
        assertThat(store.count("alice")).isEqualTo(4);
        assertThat(store.all("alice", 10)).hasSize(4);
    }

    @Test
    void racingWritersNeverPassTheBoundAndOneWinsAnId() throws Exception {
        List<Insert> distinct = Concurrently.run(8, i -> store.insert("race", item("r" + i, 1f, i), 5));
        assertThat(Collections.frequency(distinct, Insert.INSERTED)).isEqualTo(5);
        assertThat(Collections.frequency(distinct, Insert.FULL)).isEqualTo(3);
        assertThat(store.count("race")).isEqualTo(5);
        assertThat(store.all("race", 10)).hasSize(5);

        List<Insert> same = Concurrently.run(6, i -> store.insert("same", item("one", 1f, i), 5));
        assertThat(Collections.frequency(same, Insert.INSERTED)).isEqualTo(1);
        assertThat(Collections.frequency(same, Insert.TAKEN)).isEqualTo(5);
        assertThat(store.count("same")).isEqualTo(1);
    }

    @Test
    void theMostSimilarComeFirstWithScoresAndSummariesNeverVectors() {
        memory.index(alice, new MemorySearch.Document("d1", null, "the deployment pipeline failed on the staging cluster",
                "staging deploy failure", "art_1"));
        memory.index(alice, new MemorySearch.Document("d2", null, "quarterly budget review for the marketing team", null,
                null));
        memory.index(alice, new MemorySearch.Document("d3", null, "staging cluster upgrade scheduled", "upgrade", null));
        List<MemorySearch.Hit> hits = memory.search(alice, null, "why did the staging deployment fail", 2);
        assertThat(hits).extracting(MemorySearch.Hit::id).containsExactly("d1", "d3");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score()).isLessThanOrEqualTo(1.0000001);
        assertThat(hits.get(0).summary()).isEqualTo("staging deploy failure");
        assertThat(hits.get(0).source()).isEqualTo("art_1");
        assertThat(hits.get(0).createdAt()).isEqualTo(now);
        assertThat(memory.search(alice, null, "marketing budget", 1).get(0).summary())
                .isEqualTo("quarterly budget review for the marketing team"); // the text's start, when no summary
    }

    @Test
    void oneOwnerNeverSeesAnothersDocumentsAndAnAdminNamesTheOwner() {
        memory.index(alice, new MemorySearch.Document("secret", null, "alice's private plans", null, null));
        assertThat(memory.search(bob, null, "alice's private plans", 10)).isEmpty();
        assertThatThrownBy(() -> memory.search(bob, "alice", "plans", 10)).isInstanceOf(PermissionDeniedException.class)
                .hasFieldOrPropertyWithValue("field", "owner");
        memory.index(bob, new MemorySearch.Document("secret", null, "bob's own notes", null, null)); // own collection
        assertThat(memory.search(bob, null, "notes", 10)).extracting(MemorySearch.Hit::summary)
                .containsExactly("bob's own notes");
        assertThat(memory.search(admin, "alice", "private plans", 10)).extracting(MemorySearch.Hit::summary)
                .containsExactly("alice's private plans");
        memory.index(admin, new MemorySearch.Document(null, "bob", "a note the admin left for bob", null, null));
        assertThat(memory.search(bob, null, "note admin left", 10)).hasSize(2);
        assertThat(memory.search(admin, null, "note", 10)).as("the admin's own memory").isEmpty();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndADocumentIsWrittenOnce() {
        assertThatThrownBy(() -> memory.search(alice, null, " ", 5)).isInstanceOf(InvalidArgumentException.class)
                .hasFieldOrPropertyWithValue("field", "q");
        assertThatThrownBy(() -> memory.search(alice, null, "x", 51)).hasFieldOrPropertyWithValue("field", "top_k");
        assertThatThrownBy(() -> memory.index(alice, new MemorySearch.Document(null, null, "x".repeat(8193), null, null)))
                .hasFieldOrPropertyWithValue("field", "text");
        MemorySearch.Indexed first = memory.index(alice, new MemorySearch.Document("once", null, "first text", null, null));
        assertThat(first.created()).isTrue();
        MemorySearch.Indexed again = memory.index(alice, new MemorySearch.Document("once", null, "first text", null, null));
        assertThat(again.created()).isFalse();
        assertThat(again.item().createdAt()).isEqualTo(first.item().createdAt());
        assertThatThrownBy(() -> memory.index(alice, new MemorySearch.Document("once", null, "second text", null, null)))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("once");
        assertThat(memory.search(alice, null, "first text", 5)).hasSize(1);
    }

    @Test
    void tiesAreOrderedByIdAndTopKBoundsTheAnswer() {
        for (int i = 11; i >= 0; i--) {
            memory.index(alice, new MemorySearch.Document(String.format("t%02d", i), null, "identical words here", null,
                    null));
        }
        List<MemorySearch.Hit> hits = memory.search(alice, null, "identical words here", 5);
        assertThat(hits).extracting(MemorySearch.Hit::id).containsExactly("t00", "t01", "t02", "t03", "t04");
        assertThat(memory.search(alice, null, "identical", null)).hasSize(MemorySearch.DEFAULT_TOP_K);
        assertThat(store.count("alice")).isEqualTo(12);
    }

    @Test
    void indexingPastTheBoundIsRefusedAndNothingIsWritten() {
        MemorySearch small = new MemorySearch(new HashingEmbeddings(16), store, new TestClock(now), 2);
        small.index(alice, new MemorySearch.Document("a", null, "one", null, null));
        small.index(alice, new MemorySearch.Document("b", null, "two", null, null));
        assertThatThrownBy(() -> small.index(alice, new MemorySearch.Document("c", null, "three", null, null)))
                .isInstanceOf(ResourceExhaustedException.class).hasMessageContaining("2 documents");
        assertThat(small.index(alice, new MemorySearch.Document("a", null, "one", null, null)).created())
                .as("a retry of a stored document is still answered").isFalse();
        assertThat(store.count("alice")).isEqualTo(2);
        assertThat(store.get("alice", "c")).isEmpty();
        assertThat(small.index(bob, new MemorySearch.Document("c", null, "three", null, null)).created()).isTrue();
        assertThat(store.get("bob", "c").orElseThrow().createdAt()).isEqualTo(now.truncatedTo(ChronoUnit.MICROS));
    }
}
