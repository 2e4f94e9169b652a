package io.jeeves.llm.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.error.JeevesException;
import io.jeeves.error.ResourceExhaustedException;
import io.jeeves.error.UnavailableException;
import io.jeeves.kernel.Caller;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.testing.TestClock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Semantic memory's own rules, with vectors a test can compute by hand ({@link CoordinateEmbeddings}). */
class MemorySearchTest {
    final Caller alice = Caller.user("alice", Set.of());
    final CoordinateEmbeddings embeddings = new CoordinateEmbeddings();
    final InMemoryVectorStore store = new InMemoryVectorStore();
    final TestClock clock = TestClock.atNow();
    final MemorySearch memory = new MemorySearch(embeddings, store, clock, 5);

    MemorySearch.Indexed index(String id, String vector) {
        return memory.index(alice, new MemorySearch.Document(id, null, vector, null, null));
    }

    @Test
    void scoresAreTheCosinesOfTheVectorsBestFirst() {
        index("east", "1 0");
        index("north-east", "3 3");
        index("north", "0 0.5");
        index("west", "-2 0");
        index("mostly-north", "1 7");
        List<MemorySearch.Hit> hits = memory.search(alice, null, "10 0", 5);
        assertThat(hits).extracting(MemorySearch.Hit::id)
                .containsExactly("east", "north-east", "mostly-north", "north", "west");
        assertThat(hits).extracting(MemorySearch.Hit::score).satisfiesExactly(
                s -> assertThat(s).isCloseTo(1.0, within(1e-6)),
                s -> assertThat(s).isCloseTo(Math.sqrt(0.5), within(1e-6)),
                s -> assertThat(s).isCloseTo(1 / Math.sqrt(50), within(1e-6)),
                s -> assertThat(s).isCloseTo(0.0, within(1e-6)),
                s -> assertThat(s).isCloseTo(-1.0, within(1e-6)));
        assertThat(memory.search(alice, null, "-1 -1", 1)).extracting(MemorySearch.Hit::id).containsExactly("west");
    }

    @Test
    void vectorsAreStoredAtUnitLengthSoAScoreIsOneDotProduct() {
        index("v", "3 4");
        assertThat(store.get("alice", "v").orElseThrow().vector()).containsExactly(0.6f, 0.8f);
        index("zero", "0 0");
        assertThat(store.get("alice", "zero").orElseThrow().vector()).containsExactly(0f, 0f);
        assertThat(memory.search(alice, null, "1 0", 2)).extracting(MemorySearch.Hit::id, MemorySearch.Hit::score)
                .containsExactly(tuple("v", (double) 0.6f),
                        tuple("zero", 0.0));
    }

    @Test
    void equalScoresGoToTheSmallerIdAndTopKCutsAfterOrdering() {
        index("z", "1 0");
        index("m", "2 0");
        index("a", "5 0");
        index("b", "0 1");
        assertThat(memory.search(alice, null, "1 0", 2)).extracting(MemorySearch.Hit::id).containsExactly("a", "m");
        assertThat(memory.search(alice, null, "1 0", 50)).extracting(MemorySearch.Hit::id).containsExactly("a", "m", "z", "b");
        assertThat(memory.search(alice, null, "0 1", 1)).extracting(MemorySearch.Hit::id).containsExactly("b");
    }

    @Test
    void vectorsOfAnotherDimensionNeverMatch() {
        index("old-model", "1 0 0");
        index("new-model", "1 0");
        assertThat(memory.search(alice, null, "1 0", 2)).extracting(MemorySearch.Hit::id, MemorySearch.Hit::score)
                .containsExactly(tuple("new-model", 1.0),
                        tuple("old-model", 0.0));
    }

    @Test
    void topKIsOneToFiftyTenByDefault() {
        MemorySearch roomy = new MemorySearch(embeddings, store, clock);
        for (int i = 0; i < 60; i++) {
            roomy.index(alice, new MemorySearch.Document("d" + i, null, "1 " + i, null, null));
        }
        assertThat(roomy.search(alice, null, "1 1", null)).hasSize(10);
        assertThat(roomy.search(alice, null, "1 1", 50)).hasSize(50);
        assertThat(roomy.search(alice, null, "1 1", 1)).hasSize(1);
        for (int k : new int[] {0, -1, 51}) {
            assertThatThrownBy(() -> roomy.search(alice, null, "1 1", k)).isInstanceOf(InvalidArgumentException.class)
                    .hasFieldOrPropertyWithValue("field", "top_k");
        }
    }

    @Test
    void everyFieldIsCheckedBeforeAnythingIsEmbeddedOrWritten() {
        String longest = "1 ".repeat(4096);
        assertThat(longest).hasSize(MemorySearch.MAX_TEXT);
        assertThat(memory.search(alice, null, longest, 1)).isEmpty();
        int before = embeddings.embedded();
        refused(() -> memory.search(alice, null, longest + "1", 1), "q");
        refused(() -> memory.search(alice, null, null, 1), "q");
        refused(() -> memory.search(alice, null, "\t", 1), "q");
        refused(() -> memory.search(alice, "", "1", 1), "owner");
        refused(() -> memory.index(alice, new MemorySearch.Document(null, null, longest + "1", null, null)), "text");
        refused(() -> memory.index(alice, new MemorySearch.Document(null, null, "", null, null)), "text");
        refused(() -> memory.index(alice, new MemorySearch.Document(null, null, "1", " ", null)), "summary");
        refused(() -> memory.index(alice, new MemorySearch.Document(null, null, "1", "s".repeat(1025), null)), "summary");
        refused(() -> memory.index(alice, new MemorySearch.Document(null, null, "1", null, "s".repeat(1025))), "source");
        refused(() -> memory.index(alice, new MemorySearch.Document("a/b", null, "1", null, null)), "id");
        assertThat(embeddings.embedded()).isEqualTo(before);
        assertThat(store.count("alice")).isZero();
        assertThat(memory.index(alice, new MemorySearch.Document(null, null, "1", "s".repeat(1024), "s".repeat(1024)))
                .created()).as("the longest summary and source").isTrue();
    }

    private static void refused(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOf(InvalidArgumentException.class)
                .hasFieldOrPropertyWithValue("field", field);
    }

    @Test
    void providersRefuseBatchesBeyondTheBoundsNamingTheField() {
        List<String> tooMany = Collections.nCopies(EmbeddingProvider.MAX_BATCH + 1, "1");
        assertThatThrownBy(() -> EmbeddingProvider.checked(tooMany)).hasFieldOrPropertyWithValue("field", "texts");
        assertThatThrownBy(() -> EmbeddingProvider.checked(List.of())).hasFieldOrPropertyWithValue("field", "texts");
        assertThatThrownBy(() -> EmbeddingProvider.checked(List.of("1", ""))).hasFieldOrPropertyWithValue("field", "texts[1]");
        assertThatThrownBy(() -> new HashingEmbeddings(8).embed(List.of("x".repeat(8193))))
                .isInstanceOf(InvalidArgumentException.class).hasFieldOrPropertyWithValue("field", "texts[0]");
        assertThat(new HashingEmbeddings(8).embed(Collections.nCopies(EmbeddingProvider.MAX_BATCH, "a b")))
                .hasSize(100).allSatisfy(v -> assertThat(v).hasSize(8));
    }

    @Test
    void summariesDefaultToTheTextsStartWithoutSplittingACharacter() {
        String text = "a" + " ".repeat(198) + "\uD83D\uDE00 b"; // the emoji's two chars at 199 and 200
        MemorySearch words = new MemorySearch(new HashingEmbeddings(8), store, clock);
        MemorySearch.Indexed d = words.index(alice, new MemorySearch.Document("emoji", null, text, null, null));
        assertThat(d.item().summary()).hasSize(199).isEqualTo(text.substring(0, 199));
        assertThat(index("short", "1 2").item().summary()).isEqualTo("1 2");
    }

    @Test
    void aRetryIsAnsweredWithoutEmbeddingAndAnythingElseUnderTheIdIsRefused() {
        MemorySearch.Document doc = new MemorySearch.Document("d", null, "1 2", "sum", "art_1");
        MemorySearch.Indexed first = memory.index(alice, doc);
        clock.advanceSeconds(5);
        MemorySearch.Indexed again = memory.index(alice, doc);
        assertThat(again.created()).isFalse();
        assertThat(again.item().createdAt()).isEqualTo(first.item().createdAt());
        assertThat(embeddings.embedded()).isEqualTo(1);
        for (MemorySearch.Document other : List.of(new MemorySearch.Document("d", null, "1 3", "sum", "art_1"),
                new MemorySearch.Document("d", null, "1 2", "other", "art_1"),
                new MemorySearch.Document("d", null, "1 2", "sum", null))) {
            assertThatThrownBy(() -> memory.index(alice, other)).isInstanceOf(FailedPreconditionException.class);
        }
        assertThat(memory.index(alice, new MemorySearch.Document(null, null, "1 2", null, null)).item().id())
                .startsWith("mem-");
        assertThat(memory.index(alice, new MemorySearch.Document(null, null, "1 2", null, null)).created())
                .as("without an id, every write is a new document").isTrue();
        assertThat(store.count("alice")).isEqualTo(3);
    }

    @Test
    void aFullMemoryRefusesBeforePayingForAnEmbedding() {
        for (int i = 0; i < 5; i++) {
            index("d" + i, "1 " + i);
        }
        int before = embeddings.embedded();
        assertThatThrownBy(() -> index("d5", "1 5")).isInstanceOf(ResourceExhaustedException.class);
        assertThat(embeddings.embedded()).isEqualTo(before);
        assertThat(index("d4", "1 4").created()).isFalse();
    }

    @Test
    void aWriterThatLosesTheRaceForTheLastPlaceIsRefusedByTheStore() {
        // the count said there was room; another writer took the place before the insert
        VectorStore racing = new RacedStore(store);
        MemorySearch m = new MemorySearch(embeddings, racing, clock, 1);
        assertThatThrownBy(() -> m.index(alice, new MemorySearch.Document("late", null, "1 0", null, null)))
                .isInstanceOf(ResourceExhaustedException.class);
        assertThat(store.get("alice", "late")).isEmpty();
        assertThat(store.all("alice", 10)).extracting(VectorStore.Item::id).containsExactly("winner");
    }

    @Test
    void providerFailuresBecomeTheApisErrorsAndNothingIsStored() {
        embeddings.failWith(LlmException.forStatus(429, "the openai backend answered 429", Duration.ofSeconds(3)));
        assertThatThrownBy(() -> index("d", "1 0")).isInstanceOfSatisfying(ResourceExhaustedException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(3L));
        embeddings.failWith(LlmException.forStatus(400, "the openai backend answered 400: too long", null));
        refused(() -> memory.search(alice, null, "1 0", 1), "q");
        refused(() -> index("d", "1 0"), "text");
        embeddings.failWith(LlmException.of(LlmErrorType.TIMEOUT, "the openai backend did not answer within 300 ms"));
        assertThatThrownBy(() -> memory.search(alice, null, "1 0", 1)).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("300 ms");
        assertThat(store.count("alice")).isZero();
        embeddings.failWith(null);
        assertThat(index("d", "1 0").created()).isTrue();
    }

    @Test
    void theDefaultProviderRefusesAndSaysHowToEnableOne() {
        MemorySearch off = new MemorySearch(new DisabledEmbeddings(), store, clock);
        JeevesException e = (JeevesException) catchThrowable(
                () -> off.search(alice, null, "anything", 3));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).contains("embeddings are disabled", "JEEVES_EMBEDDINGS_PROVIDER", "openai", "bedrock");
        assertThat(new DisabledEmbeddings().dimensions()).isZero();
        assertThat(new HashingEmbeddings(64).dimensions()).isEqualTo(64);
    }

    /** A store where another writer takes the last place between the count and the insert. */
    private static final class RacedStore implements VectorStore {
        private final VectorStore inner;

        RacedStore(VectorStore inner) {
            this.inner = inner;
        }

        @Override
        public Insert insert(String collection, Item item, int capacity) {
            inner.insert(collection, new Item("winner", item.vector(), "other", "s", null, item.createdAt()), capacity);
            return inner.insert(collection, item, capacity);
        }

        @Override
        public java.util.Optional<Item> get(String collection, String id) {
            return inner.get(collection, id);
        }

        @Override
        public int count(String collection) {
            return inner.count(collection);
        }

        @Override
        public List<Item> all(String collection, int limit) {
            return inner.all(collection, limit);
        }
    }
}
