package io.jeeves.governance.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.InternalException;
import io.jeeves.error.JeevesException;
import io.jeeves.error.UnavailableException;
import io.jeeves.governance.artifact.ArtifactService.CreateRequest;
import io.jeeves.governance.artifact.memory.InMemoryArtifactStore;
import io.jeeves.governance.artifact.memory.InMemoryBlobStore;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.store.Page;
import io.jeeves.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactServiceTest {
    private static final int MIB = 1024 * 1024;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryArtifactStore store = new InMemoryArtifactStore();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final ArtifactService service = new ArtifactService(store, blobs, new ArtifactConfig("jeeves-artifacts"), clock);
    private final Caller alice = Caller.user("alice", Set.of());
    private final Caller bob = Caller.user("bob", Set.of());
    private final Caller admin = Caller.user("root", Set.of(Caller.SCOPE_ADMIN));

    private static CreateRequest request(String id, String type, String directiveId, byte[] content) {
        return new CreateRequest(id, type, null, directiveId, "run-1", null, "application/json", content);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- placement at the boundaries -------------------------------------------------------------------

    @Test
    void contentOfExactly64KibIsKeptInline() {
        byte[] content = bytes(65_536);
        Artifact a = service.create(alice, request(null, "module_output", "d-1", content));
        assertThat(a.placement()).isEqualTo(Placement.INLINE);
        assertThat(a.size()).isEqualTo(65_536);
        assertThat(a.content()).isEqualTo(content);
        assertThat(a.blobKey()).isNull();
        assertThat(a.id()).matches("art_[0-9a-f]{32}");
        assertThat(a.uri()).isEqualTo("jeeves://artifacts/" + a.id());
        assertThat(a.owner()).isEqualTo("alice");
        assertThat(a.createdAt()).isEqualTo(clock.instant());
        assertThat(blobs.size()).isZero();
        assertThat(store.get(a.id())).contains(a);
    }

    @Test
    void oneByteMoreGoesToTheBlobStoreUnderAContentAddressedKey() {
        byte[] content = bytes(65_537);
        Artifact a = service.create(alice, request(null, "module_output", "d-1", content));
        String sha = ArtifactService.sha256(content);
        assertThat(a.placement()).isEqualTo(Placement.BLOB);
        assertThat(a.content()).isNull();
        assertThat(a.blobKey()).isEqualTo("artifacts/alice/" + sha);
        assertThat(a.uri()).isEqualTo("s3://jeeves-artifacts/artifacts/alice/" + sha);
        assertThat(blobs.get(a.blobKey()).orElseThrow()).isEqualTo(content);
        assertThat(service.content(alice, a.id()).bytes()).isEqualTo(content);
    }

    @Test
    void tenMibIsAcceptedAndOneByteMoreIsTooLargeWithNothingWritten() {
        Artifact max = service.create(alice, request(null, "module_output", null, bytes(10 * MIB)));
        assertThat(max.placement()).isEqualTo(Placement.BLOB);
        assertThat(max.size()).isEqualTo(10L * MIB);

        assertRefused(() -> service.create(alice, request("too-big", "module_output", null, bytes(10 * MIB + 1))),
                ErrorCode.PAYLOAD_TOO_LARGE, null);
        assertThatThrownBy(() -> service.create(alice, request("too-big", "module_output", null, bytes(10 * MIB + 1))))
                .hasMessageContaining("content").hasMessageContaining("10485760");
        assertThat(store.get("too-big")).isEmpty();
        assertThat(blobs.size()).isEqualTo(1);
    }

    @Test
    void emptyContentIsAnInlineArtifactOfSizeZero() {
        Artifact a = service.create(alice, request(null, "execution_checkpoint", null, new byte[0]));
        assertThat(a.placement()).isEqualTo(Placement.INLINE);
        assertThat(a.size()).isZero();
        assertThat(a.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(service.content(alice, a.id()).bytes()).isEmpty();
    }

    @Test
    void sha256IsTheLowerCaseHexDigestOfTheContent() {
        Artifact a = service.create(alice, request(null, "llm_call", null, utf8("abc")));
        assertThat(a.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ArtifactService.sha256(utf8("The quick brown fox jumps over the lazy dog")))
                .isEqualTo("d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
    }

    @Test
    void contentTypeDefaultsToOctetStreamAndTheTypeMayBeACapabilitysOwn() {
        Artifact a = service.create(alice, new CreateRequest(null, "my_capability_report_2", null, null, null, null, null,
                utf8("x")));
        assertThat(a.contentType()).isEqualTo("application/octet-stream");
        assertThat(a.type()).isEqualTo(ArtifactType.of("my_capability_report_2"));
        assertThat(a.type().isBuiltIn()).isFalse();
        assertThat(ArtifactType.MODULE_OUTPUT.isBuiltIn()).isTrue();
    }

    @Test
    void longOwnersGetAHashedKeySegment() {
        String owner = "ü".repeat(100);
        assertThat(ArtifactService.blobKey("user@example.com", "ab")).isEqualTo("artifacts/user%40example.com/ab");
        assertThat(ArtifactService.blobKey(owner, "ab"))
                .isEqualTo("artifacts/~" + ArtifactService.sha256(owner.getBytes(StandardCharsets.UTF_8)) + "/ab");
    }

    // ---- exactly once ------------------------------------------------------------------------------------

    @Test
    void recreatingWithTheSameIdAndContentReturnsTheStoredArtifact() {
        String id = "d-1:run-1:module_output";
        Artifact first = service.create(Caller.system(), new CreateRequest(id, "module_output", "alice", "d-1", "run-1",
                null, "application/json", bytes(70_000)));
        clock.advanceSeconds(30);
        Artifact again = service.create(Caller.system(), new CreateRequest(id, "module_output", "alice", "d-1", "run-1",
                null, "application/json", bytes(70_000)));
        assertThat(again).isEqualTo(first);
        assertThat(again.createdAt()).isEqualTo(clock.instant().minusSeconds(30));
        assertThat(blobs.writes()).isEqualTo(1);
        assertThat(store.list(null, null, null, 10, null).items()).hasSize(1);
    }

    @Test
    void recreatingWithOtherContentIsRefusedAndNothingChanges() {
        String id = "d-1:run-1:execution_end";
        Artifact first = service.create(alice, request(id, "execution_end", "d-1", utf8("{\"ok\":true}")));
        assertRefused(() -> service.create(alice, request(id, "execution_end", "d-1", bytes(80_000))),
                ErrorCode.FAILED_PRECONDITION, null);
        assertThatThrownBy(() -> service.create(alice, request(id, "execution_end", "d-1", utf8("{\"ok\":false}"))))
                .hasMessageContaining("artifacts are immutable");
        assertRefused(() -> service.create(alice, request(id, "module_output", "d-1", utf8("{\"ok\":true}"))),
                ErrorCode.FAILED_PRECONDITION, null);
        assertRefused(() -> service.create(alice, request(id, "execution_end", "d-2", utf8("{\"ok\":true}"))),
                ErrorCode.FAILED_PRECONDITION, null);
        assertThat(store.get(id)).contains(first);
        assertThat(blobs.size()).as("a refused retry writes no blob").isZero();
    }

    @Test
    void anIdTakenByAnotherOwnerIsRefusedWithoutNamingThem() {
        service.create(alice, request("shared-id", "module_output", null, utf8("x")));
        assertThatThrownBy(() -> service.create(bob, request("shared-id", "module_output", null, utf8("x"))))
                .isInstanceOfSatisfying(JeevesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
                .hasMessageNotContaining("alice");
        assertThat(store.get("shared-id").orElseThrow().owner()).isEqualTo("alice");
    }

    @Test
    void aMetadataFailureAfterTheBlobWriteLeavesNothingVisibleAndARetryReusesTheBlob() {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        ArtifactStore flaky = new ArtifactStore() {
            @Override
            public boolean insert(Artifact artifact) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new UnavailableException("DynamoDB is throttling", 1L, null);
                }
                return store.insert(artifact);
            }

            @Override
            public Optional<Artifact> get(String id) {
                return store.get(id);
            }

            @Override
            public Page<Artifact> list(String owner, ArtifactType type, String directiveId, int limit, String token) {
                return store.list(owner, type, directiveId, limit, token);
            }
        };
        ArtifactService withFlakyStore = new ArtifactService(flaky, blobs, new ArtifactConfig("jeeves-artifacts"), clock);
        CreateRequest req = request("d-1:run-1:module_output", "module_output", "d-1", bytes(100_000));

        assertThatThrownBy(() -> withFlakyStore.create(alice, req)).isInstanceOf(UnavailableException.class);
        assertThat(blobs.size()).as("the orphan blob").isEqualTo(1);
        assertRefused(() -> withFlakyStore.get(alice, "d-1:run-1:module_output"), ErrorCode.NOT_FOUND, null);
        assertThat(withFlakyStore.list(alice, null, null, null, null).items()).isEmpty();

        Artifact a = withFlakyStore.create(alice, req);
        assertThat(blobs.writes()).as("the retry put the same key, writing nothing").isEqualTo(1);
        assertThat(a.blobKey()).isEqualTo("artifacts/alice/" + ArtifactService.sha256(bytes(100_000)));
        assertThat(withFlakyStore.content(alice, a.id()).bytes()).isEqualTo(bytes(100_000));
    }

    @Test
    void theSameContentTwiceSharesOneBlob() {
        Artifact a = service.create(alice, request(null, "module_output", "d-1", bytes(70_000)));
        Artifact b = service.create(alice, request(null, "module_output", "d-2", bytes(70_000)));
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.blobKey()).isEqualTo(b.blobKey());
        assertThat(blobs.writes()).isEqualTo(1);
    }

    @Test
    void aBlobKeyHoldingOtherBytesIsAnInternalErrorAndNoMetadataIsWritten() {
        byte[] content = bytes(70_000);
        blobs.corrupt(ArtifactService.blobKey("alice", ArtifactService.sha256(content)), utf8("garbage"));
        assertThatThrownBy(() -> service.create(alice, request("a-1", "module_output", null, content)))
                .isInstanceOf(InternalException.class);
        assertThat(store.get("a-1")).isEmpty();
    }

    @Test
    void blobContentThatNoLongerMatchesItsHashIsNeverServed() {
        Artifact a = service.create(alice, request(null, "module_output", null, bytes(70_000)));
        blobs.corrupt(a.blobKey(), utf8("tampered"));
        assertThatThrownBy(() -> service.content(alice, a.id())).isInstanceOf(InternalException.class)
                .hasMessageContaining("sha256");
    }

    // ---- tenancy -----------------------------------------------------------------------------------------

    @Test
    void anotherOwnersArtifactIsNotFoundAndAnAdminReadsAll() {
        Artifact a = service.create(alice, request(null, "module_output", "d-1", utf8("secret")));
        assertRefused(() -> service.get(bob, a.id()), ErrorCode.NOT_FOUND, null);
        assertRefused(() -> service.content(bob, a.id()), ErrorCode.NOT_FOUND, null);
        assertThatThrownBy(() -> service.get(bob, a.id())).hasMessage("Artifact " + a.id() + " not found");
        assertThatThrownBy(() -> service.get(bob, "missing")).hasMessage("Artifact missing not found");
        assertThat(service.list(bob, null, null, null, null).items()).isEmpty();
        assertThat(service.summaries(bob, null, null)).isEmpty();

        assertThat(service.get(admin, a.id())).isEqualTo(a);
        assertThat(new String(service.content(admin, a.id()).bytes(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(service.content(admin, a.id()).contentType()).isEqualTo("application/json");
        assertThat(service.get(Caller.system(), a.id())).isEqualTo(a);
    }

    @Test
    void onlyAnAdminCreatesForAnotherOwner() {
        CreateRequest forAlice = new CreateRequest("a-1", "module_output", "alice", null, null, null, null, utf8("x"));
        assertRefused(() -> service.create(bob, forAlice), ErrorCode.PERMISSION_DENIED, "owner");
        assertThat(store.get("a-1")).isEmpty();
        assertThat(service.create(admin, forAlice).owner()).isEqualTo("alice");
        assertThat(service.create(Caller.system(), request(null, "module_output", null, utf8("x"))).owner())
                .isEqualTo(Caller.ANONYMOUS);
    }

    // ---- listing and summaries ---------------------------------------------------------------------------

    @Test
    void listingFiltersByTypeAndDirectiveAndPagesNewestFirst() {
        for (int i = 0; i < 5; i++) {
            service.create(alice, request("a-" + i, i == 0 ? "policy_evaluation" : "module_output", i < 3 ? "d-1" : "d-2",
                    utf8("x" + i)));
            clock.advanceSeconds(1);
        }
        service.create(bob, request("b-0", "module_output", "d-1", utf8("y")));

        assertThat(ids(service.list(alice, "module_output", null, null, null))).containsExactly("a-4", "a-3", "a-2", "a-1");
        assertThat(ids(service.list(alice, null, "d-1", null, null))).containsExactly("a-2", "a-1", "a-0");
        assertThat(ids(service.list(alice, "module_output", "d-1", null, null))).containsExactly("a-2", "a-1");
        assertThat(ids(service.list(admin, null, "d-1", null, null))).containsExactly("b-0", "a-2", "a-1", "a-0");

        Page<Artifact> first = service.list(alice, "", "", 2, null);
        assertThat(ids(first)).containsExactly("a-4", "a-3");
        Page<Artifact> second = service.list(alice, null, null, 2, first.nextToken());
        assertThat(ids(second)).containsExactly("a-2", "a-1");
        Page<Artifact> last = service.list(alice, null, null, 2, second.nextToken());
        assertThat(ids(last)).containsExactly("a-0");
        assertThat(last.nextToken()).isNull();
    }

    @Test
    void summariesAreTheNewestOfATypeWithoutContent() {
        for (int i = 0; i < 4; i++) {
            service.create(alice, request("a-" + i, i % 2 == 0 ? "llm_call" : "llm_usage", "d-1", utf8("x" + i)));
            clock.advanceSeconds(1);
        }
        List<ArtifactSummary> summaries = service.summaries(alice, "llm_call", 1);
        Artifact newest = service.get(alice, "a-2");
        assertThat(summaries).containsExactly(new ArtifactSummary("a-2", ArtifactType.LLM_CALL, "d-1", "run-1", 2,
                "application/json", newest.createdAt(), "jeeves://artifacts/a-2"));
        assertThat(service.summaries(alice, null, 100)).extracting(ArtifactSummary::id)
                .containsExactly("a-3", "a-2", "a-1", "a-0");
        assertThat(service.summaries(alice, null, null)).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void limitsOutside1To100AreRefusedNamingTheField(int limit) {
        assertRefused(() -> service.summaries(alice, null, limit), ErrorCode.INVALID_ARGUMENT, "limit");
        assertRefused(() -> service.list(alice, null, null, limit, null), ErrorCode.INVALID_ARGUMENT, "limit");
    }

    @Test
    void listFiltersAreValidated() {
        assertRefused(() -> service.list(alice, "Module-Output", null, null, null), ErrorCode.INVALID_ARGUMENT, "type");
        assertRefused(() -> service.summaries(alice, "no spaces", 10), ErrorCode.INVALID_ARGUMENT, "type");
        assertRefused(() -> service.list(alice, null, "d/1", null, null), ErrorCode.INVALID_ARGUMENT, "directive_id");
        assertRefused(() -> service.list(alice, null, null, 10, "garbage"), ErrorCode.INVALID_ARGUMENT, "next_token");
        assertRefused(() -> service.get(alice, "a b"), ErrorCode.INVALID_ARGUMENT, "artifact_id");
    }

    // ---- bad input ---------------------------------------------------------------------------------------

    @Test
    void malformedCreatesNameTheFieldAndWriteNothing() {
        byte[] big = bytes(70_000);
        assertBadCreate(new CreateRequest("a b", "module_output", null, null, null, null, null, big), "id");
        assertBadCreate(new CreateRequest("x".repeat(129), "module_output", null, null, null, null, null, big), "id");
        assertBadCreate(new CreateRequest(null, null, null, null, null, null, null, big), "type");
        assertBadCreate(new CreateRequest(null, "ModuleOutput", null, null, null, null, null, big), "type");
        assertBadCreate(new CreateRequest(null, "a".repeat(65), null, null, null, null, null, big), "type");
        assertBadCreate(new CreateRequest(null, "1st", null, null, null, null, null, big), "type");
        assertBadCreate(new CreateRequest(null, "module_output", "", null, null, null, null, big), "owner");
        assertBadCreate(new CreateRequest(null, "module_output", null, "d 1", null, null, null, big), "directive_id");
        assertBadCreate(new CreateRequest(null, "module_output", null, null, "", null, null, big), "run_id");
        assertBadCreate(new CreateRequest(null, "module_output", null, null, null, "p?", null, big), "process_id");
        assertBadCreate(new CreateRequest(null, "module_output", null, null, null, null, null, null), "content");
        for (String contentType : List.of("", "json", "text/", "/plain", "text/plain;", "text/plain; charset",
                "text/pl ain", "text/plain; charset=\"unterminated", "a/" + "b".repeat(254))) {
            assertBadCreate(new CreateRequest(null, "module_output", null, null, null, null, contentType, big),
                    "content_type");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain; charset=utf-8", "application/vnd.jeeves+json;v=2",
            "multipart/form-data; boundary=\"a b;c\""})
    void wellFormedContentTypesAreAccepted(String contentType) {
        Artifact a = service.create(alice, new CreateRequest(null, "module_output", null, null, null, null, contentType,
                utf8("x")));
        assertThat(service.get(alice, a.id()).contentType()).isEqualTo(contentType);
    }

    private void assertBadCreate(CreateRequest req, String field) {
        assertRefused(() -> service.create(alice, req), ErrorCode.INVALID_ARGUMENT, field);
        assertThat(store.list(null, null, null, 100, null).items()).as("nothing stored").isEmpty();
        assertThat(blobs.size()).as("no blob written").isZero();
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(JeevesException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    private static List<String> ids(Page<Artifact> page) {
        return page.items().stream().map(Artifact::id).toList();
    }
}
