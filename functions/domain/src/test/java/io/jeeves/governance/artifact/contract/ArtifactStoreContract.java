package io.jeeves.governance.artifact.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.InvalidArgumentException;
import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.governance.artifact.ArtifactType;
import io.jeeves.governance.artifact.Placement;
import io.jeeves.kernel.store.Page;
import io.jeeves.testing.Concurrently;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactStore} must do. Subclasses supply a fresh, empty store; the same suite is
 * meant to run against the in-memory double and against DynamoDB Local.
 */
public abstract class ArtifactStoreContract {
    protected final Instant t0 = Instant.parse("2026-03-01T10:00:00Z").plusNanos(123_456_000);
    protected ArtifactStore store;

    protected abstract ArtifactStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    protected static Artifact inline(String id, String owner, ArtifactType type, String directiveId, Instant createdAt,
            String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        return new Artifact(id, type, owner, directiveId, "run-1", "p-1", "application/json", content.length,
                ArtifactService.sha256(content), createdAt, "jeeves://artifacts/" + id, Placement.INLINE, content, null);
    }

    protected static Artifact blob(String id, String owner, Instant createdAt) {
        String sha = ArtifactService.sha256(new byte[] {1, 2, 3});
        String key = ArtifactService.blobKey(owner, sha);
        return new Artifact(id, ArtifactType.MODULE_OUTPUT, owner, null, null, null, "application/octet-stream", 70_000,
                sha, createdAt, "s3://bucket/" + key, Placement.BLOB, null, key);
    }

    @Test
    void inlineArtifactRoundTripsEveryFieldAndItsBytes() {
        Artifact a = inline("a-1", "alice", ArtifactType.POLICY_EVALUATION, "d-1", t0, "{\"verdict\":\"ALLOW\"}");
        assertThat(store.insert(a)).isTrue();
        Artifact back = store.get("a-1").orElseThrow();
        assertThat(back).isEqualTo(a);
        assertThat(new String(back.content(), StandardCharsets.UTF_8)).isEqualTo("{\"verdict\":\"ALLOW\"}");
        assertThat(store.get("missing")).isEmpty();
    }

    @Test
    void emptyInlineContentRoundTrips() {
        Artifact a = inline("a-0", "alice", ArtifactType.EXECUTION_CHECKPOINT, null, t0, "");
        assertThat(store.insert(a)).isTrue();
        Artifact back = store.get("a-0").orElseThrow();
        assertThat(back.content()).isEmpty();
        assertThat(back.directiveId()).isNull();
        assertThat(back).isEqualTo(a);
    }

    @Test
    void blobArtifactRoundTripsWithoutContent() {
        Artifact a = blob("b-1", "alice", t0);
        assertThat(store.insert(a)).isTrue();
        Artifact back = store.get("b-1").orElseThrow();
        assertThat(back).isEqualTo(a);
        assertThat(back.content()).isNull();
        assertThat(back.blobKey()).isEqualTo(a.blobKey());
    }

    @Test
    void insertRefusesATakenIdAndKeepsTheFirst() {
        assertThat(store.insert(inline("a-1", "alice", ArtifactType.MODULE_OUTPUT, "d-1", t0, "first"))).isTrue();
        assertThat(store.insert(inline("a-1", "bob", ArtifactType.MODULE_OUTPUT, "d-2", t0.plusSeconds(1), "second")))
                .isFalse();
        Artifact kept = store.get("a-1").orElseThrow();
        assertThat(kept.owner()).isEqualTo("alice");
        assertThat(new String(kept.content(), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void concurrentInsertsOfOneIdLetExactlyOneWin() throws Exception {
        List<Boolean> wins = Concurrently.run(16, i -> store.insert(
                inline("a-1", "owner-" + i, ArtifactType.MODULE_OUTPUT, null, t0, "v" + i)));
        assertThat(wins.stream().filter(w -> w).count()).isEqualTo(1);
        Artifact kept = store.get("a-1").orElseThrow();
        assertThat(kept.owner()).isEqualTo("owner-" + wins.indexOf(true));
        assertThat(new String(kept.content(), StandardCharsets.UTF_8)).isEqualTo("v" + wins.indexOf(true));
    }

    @Test
    void listIsNewestFirstAndFiltersByOwnerTypeAndDirective() {
        store.insert(inline("a-1", "alice", ArtifactType.POLICY_EVALUATION, "d-1", t0, "1"));
        store.insert(inline("a-2", "alice", ArtifactType.MODULE_OUTPUT, "d-1", t0.plusSeconds(1), "2"));
        store.insert(inline("a-3", "alice", ArtifactType.MODULE_OUTPUT, "d-2", t0.plusSeconds(2), "3"));
        store.insert(inline("a-4", "bob", ArtifactType.MODULE_OUTPUT, "d-1", t0.plusSeconds(3), "4"));

        assertThat(ids(store.list("alice", null, null, 10, null))).containsExactly("a-3", "a-2", "a-1");
        assertThat(ids(store.list("alice", ArtifactType.MODULE_OUTPUT, null, 10, null))).containsExactly("a-3", "a-2");
        assertThat(ids(store.list("alice", null, "d-1", 10, null))).containsExactly("a-2", "a-1");
        assertThat(ids(store.list("alice", ArtifactType.MODULE_OUTPUT, "d-1", 10, null))).containsExactly("a-2");
        assertThat(ids(store.list(null, null, "d-1", 10, null))).containsExactly("a-4", "a-2", "a-1");
        assertThat(ids(store.list("carol", null, null, 10, null))).isEmpty();
        assertThat(store.list("alice", null, null, 10, null).nextToken()).isNull();
    }

    @Test
    void pagesWalkEveryMatchOnceInOrderEvenWithTiesAndLaterInserts() {
        for (int i = 0; i < 7; i++) { // a-0 and a-1 share a created_at: the id breaks the tie
            store.insert(inline("a-" + i, "alice", ArtifactType.MODULE_OUTPUT, null, t0.plusSeconds(Math.max(i, 1)), "x"));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Artifact> page = store.list("alice", null, null, 3, token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(ids(page));
            token = page.nextToken();
            if (pages++ == 0) { // a newer artifact arriving mid-walk does not shift the pages
                store.insert(inline("a-new", "alice", ArtifactType.MODULE_OUTPUT, null, t0.plusSeconds(99), "x"));
            }
        } while (token != null);
        assertThat(seen).containsExactly("a-6", "a-5", "a-4", "a-3", "a-2", "a-1", "a-0");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aMalformedPageTokenIsAnInvalidArgument() {
        store.insert(inline("a-1", "alice", ArtifactType.MODULE_OUTPUT, null, t0, "x"));
        assertThatThrownBy(() -> store.list("alice", null, null, 10, "not a token"))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("next_token"));
    }

    @Test
    void latestIsBoundedByItsLimit() {
        for (int i = 0; i < 5; i++) {
            store.insert(inline("a-" + i, "alice", i % 2 == 0 ? ArtifactType.LLM_CALL : ArtifactType.LLM_USAGE, null,
                    t0.plusSeconds(i), "x"));
        }
        assertThat(store.latest("alice", ArtifactType.LLM_CALL, 2)).extracting(Artifact::id).containsExactly("a-4", "a-2");
        assertThat(store.latest("alice", null, 4)).extracting(Artifact::id).containsExactly("a-4", "a-3", "a-2", "a-1");
        assertThat(store.latest("bob", null, 4)).isEmpty();
    }

    @Test
    void storedContentCannotBeChangedThroughTheArrays() {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        Artifact a = new Artifact("a-1", ArtifactType.MODULE_OUTPUT, "alice", null, null, null, "text/plain", 3,
                ArtifactService.sha256(bytes), t0, "jeeves://artifacts/a-1", Placement.INLINE, bytes, null);
        store.insert(a);
        bytes[0] = 'X';
        store.get("a-1").orElseThrow().content()[1] = 'Y';
        assertThat(new String(store.get("a-1").orElseThrow().content(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    private static List<String> ids(Page<Artifact> page) {
        return page.items().stream().map(Artifact::id).toList();
    }
}
