package io.jeeves.llm.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.kernel.Caller;
import io.jeeves.testing.TestClock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Semantic memory over whatever vector store a subclass supplies. */
public abstract class VectorStoreContract {
    protected final Caller alice = Caller.user("alice", Set.of());
    protected final Caller bob = Caller.user("bob", Set.of());
    protected VectorStore store;
    protected MemorySearch memory;

    protected abstract VectorStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
        memory = new MemorySearch(new HashingEmbeddings(256), store, TestClock.atNow());
    }

    @Test
    void theMostSimilarComeFirstWithScoresAndSummariesNeverVectors() {
        memory.index(alice, new MemorySearch.Document("d1", "the deployment pipeline failed on the staging cluster",
                "staging deploy failure", "art_1"));
        memory.index(alice, new MemorySearch.Document("d2", "quarterly budget review for the marketing team", null, null));
        memory.index(alice, new MemorySearch.Document("d3", "staging cluster upgrade scheduled", "upgrade", null));
        List<MemorySearch.Hit> hits = memory.search(alice, "why did the staging deployment fail", 2);
        assertThat(hits).extracting(MemorySearch.Hit::id).containsExactly("d1", "d3");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score()).isLessThanOrEqualTo(1.0000001);
        assertThat(hits.get(0).summary()).isEqualTo("staging deploy failure");
        assertThat(hits.get(0).source()).isEqualTo("art_1");
        assertThat(memory.search(alice, "marketing budget", 1).get(0).summary())
                .isEqualTo("quarterly budget review for the marketing team"); // the text's start, when no summary
    }

    @Test
    void oneOwnerNeverSeesAnothersDocuments() {
        memory.index(alice, new MemorySearch.Document("secret", "alice's private plans", null, null));
        assertThat(memory.search(bob, "alice's private plans", 10)).isEmpty();
        memory.index(bob, new MemorySearch.Document("secret", "bob's own notes", null, null)); // same id, own collection
        assertThat(memory.search(bob, "notes", 10)).extracting(MemorySearch.Hit::summary).containsExactly("bob's own notes");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndAnIdIsWrittenOnce() {
        assertThatThrownBy(() -> memory.search(alice, " ", 5)).isInstanceOf(InvalidArgumentException.class)
                .hasFieldOrPropertyWithValue("field", "q");
        assertThatThrownBy(() -> memory.search(alice, "x", 51)).hasFieldOrPropertyWithValue("field", "top_k");
        assertThatThrownBy(() -> memory.index(alice, new MemorySearch.Document(null, "x".repeat(8193), null, null)))
                .hasFieldOrPropertyWithValue("field", "text");
        memory.index(alice, new MemorySearch.Document("once", "first text", null, null));
        assertThatThrownBy(() -> memory.index(alice, new MemorySearch.Document("once", "second text", null, null)))
                .isInstanceOf(FailedPreconditionException.class);
        assertThat(memory.search(alice, "first text", 5)).hasSize(1);
    }

    @Test
    void tiesAreOrderedByIdAndTopKBoundsTheAnswer() {
        for (int i = 0; i < 12; i++) {
            memory.index(alice, new MemorySearch.Document(String.format("t%02d", i), "identical words here", null, null));
        }
        List<MemorySearch.Hit> hits = memory.search(alice, "identical words here", 5);
        assertThat(hits).extracting(MemorySearch.Hit::id).containsExactly("t00", "t01", "t02", "t03", "t04");
        assertThat(memory.search(alice, "identical", null)).hasSize(MemorySearch.DEFAULT_TOP_K);
        assertThat(store.count("alice")).isEqualTo(12);
    }
}
