package io.jeeves.governance.directive;

import static io.jeeves.governance.directive.DirectiveStatus.ABORTED;
import static io.jeeves.governance.directive.DirectiveStatus.APPROVED;
import static io.jeeves.governance.directive.DirectiveStatus.BLOCKED;
import static io.jeeves.governance.directive.DirectiveStatus.COMPLETE;
import static io.jeeves.governance.directive.DirectiveStatus.DRAFT;
import static io.jeeves.governance.directive.DirectiveStatus.EXECUTING;
import static io.jeeves.governance.directive.DirectiveStatus.PROPOSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.error.JeevesException;
import io.jeeves.error.NotFoundException;
import io.jeeves.error.PermissionDeniedException;
import io.jeeves.error.UnavailableException;
import io.jeeves.governance.directive.DirectiveService.CreateRequest;
import io.jeeves.governance.directive.contract.DirectiveStoreContract;
import io.jeeves.governance.directive.memory.InMemoryDirectiveStore;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.store.Page;
import io.jeeves.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DirectiveServiceTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-02-01T09:00:00Z"));
    private final InMemoryDirectiveStore store = new InMemoryDirectiveStore();
    private final DirectiveService service = new DirectiveService(store, clock);
    private final Caller alice = Caller.user("alice", Set.of());
    private final Caller bob = Caller.user("bob", Set.of());
    private final Caller admin = Caller.user("root", Set.of(Caller.SCOPE_ADMIN));
    private final Caller system = Caller.system();

    private static CreateRequest request(boolean propose) {
        return new CreateRequest(null, "cto", "echo", Map.of("text", "hi", "n", List.of(1, 2)), null,
                "Cut cloud costs", "infra", List.of("no downtime"), List.of("bill -10%"), "$50", "PT30M", propose);
    }

    private Directive created(Caller caller) {
        return service.create(caller, request(false));
    }

    /** A directive of alice's moved by the system (the flows) along {@code path}. */
    private Directive along(DirectiveStatus... path) {
        Directive d = created(alice);
        for (DirectiveStatus s : path) {
            d = service.transition(s == PROPOSED ? alice : system, d.id(), s, "to " + s.wireName());
        }
        return d;
    }

    // ---- create ------------------------------------------------------------------------------------------

    @Test
    void createStoresAValidatedDraftOwnedByTheCaller() {
        Directive d = created(alice);
        assertThat(d.id()).matches("dir_[0-9a-f]{32}");
        assertThat(d.owner()).isEqualTo("alice");
        assertThat(d.issuedBy()).as("defaults to the caller").isEqualTo("alice");
        assertThat(d.status()).isEqualTo(DRAFT);
        assertThat(d.role()).isEqualTo("cto");
        assertThat(d.type()).isEqualTo("echo");
        assertThat(d.payload()).isEqualTo(Map.of("text", "hi", "n", List.of(1, 2)));
        assertThat(d.objective()).isEqualTo("Cut cloud costs");
        assertThat(d.scope()).isEqualTo("infra");
        assertThat(d.constraints()).containsExactly("no downtime");
        assertThat(d.successMetrics()).containsExactly("bill -10%");
        assertThat(d.budget()).isEqualTo("$50");
        assertThat(d.timebox()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.createdAt()).isEqualTo(clock.instant());
        assertThat(d.updatedAt()).isEqualTo(clock.instant());
        assertThat(d.version()).isEqualTo(1);
        assertThat(service.get(alice, d.id())).isEqualTo(d);
        assertThat(service.history(alice, d.id())).isEmpty();
    }

    @Test
    void createProposedRecordsDraftToProposedInTheTrail() {
        Directive d = service.create(alice, request(true));
        assertThat(d.status()).isEqualTo(PROPOSED);
        assertThat(d.version()).isEqualTo(1);
        assertThat(service.get(alice, d.id())).isEqualTo(d);
        assertThat(service.history(alice, d.id())).containsExactly(
                new DirectiveTransition(d.id(), 1, DRAFT, PROPOSED, "alice", clock.instant(), ""));
    }

    @Test
    void optionalFieldsMayBeLeftOutAndTheBudgetIsKeptAsGiven() {
        Directive d = service.create(alice, new CreateRequest(null, "cto", "noop", null, "ceo-agent", "Do it", null,
                null, null, "100 USD ", null, false));
        assertThat(d.payload()).isEmpty();
        assertThat(d.scope()).isNull();
        assertThat(d.constraints()).isEmpty();
        assertThat(d.successMetrics()).isEmpty();
        assertThat(d.timebox()).isNull();
        assertThat(d.budget()).isEqualTo("100 USD ");
        assertThat(d.issuedBy()).isEqualTo("ceo-agent");
        assertThat(service.create(alice, new CreateRequest(null, "cto", "noop", null, null, "x", null, null, null,
                null, "P7D", false)).budget()).as("a missing budget is the policy gate's to block").isNull();
    }

    @Test
    void thePayloadIsCopiedDeeplyAndCannotBeChangedAfterwards() {
        List<Object> items = new ArrayList<>(List.of("a"));
        Map<String, Object> payload = new HashMap<>(Map.of("items", items));
        payload.put("nothing", null);
        Directive d = service.create(alice, new CreateRequest(null, "cto", "echo", payload, null, "x", null, null, null,
                null, null, false));
        items.add("b");
        payload.put("later", 1);
        Directive back = service.get(alice, d.id());
        assertThat(back.payload()).containsOnlyKeys("items", "nothing");
        assertThat(back.payload().get("items")).isEqualTo(List.of("a"));
        assertThat(back.payload().get("nothing")).isNull();
        @SuppressWarnings("unchecked")
        List<Object> stored = (List<Object>) back.payload().get("items");
        assertThatThrownBy(() -> stored.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> back.payload().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> badRequests() {
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cursor = deep;
        for (int i = 0; i < 40; i++) {
            Map<String, Object> inner = new HashMap<>();
            cursor.put("k", inner);
            cursor = inner;
        }
        Map<String, Object> deepPayload = deep;
        return Stream.of(
                bad("owner", r -> with(r, "owner", "")),
                bad("role", r -> with(r, "role", null)),
                bad("role", r -> with(r, "role", "chief officer")),
                bad("type", r -> with(r, "type", null)),
                bad("type", r -> with(r, "type", "Noop")),
                bad("type", r -> with(r, "type", "x".repeat(65))),
                bad("payload", r -> withPayload(r, Map.of("big", "x".repeat(DirectiveService.MAX_PAYLOAD_BYTES))),
                        "at most 65536 bytes"),
                bad("payload.when", r -> withPayload(r, Map.of("when", Instant.EPOCH)), "not a JSON value"),
                bad("payload.list[1]", r -> withPayload(r, Map.of("list", List.of(1, new Object()))), "not a JSON value"),
                bad("payload" + ".k".repeat(33), r -> withPayload(r, deepPayload), "deeper than 32"),
                bad("issued_by", r -> with(r, "issuedBy", "")),
                bad("issued_by", r -> with(r, "issuedBy", "bad\nname")),
                bad("objective", r -> with(r, "objective", null)),
                bad("objective", r -> with(r, "objective", "   ")),
                bad("objective", r -> with(r, "objective", "x".repeat(DirectiveService.MAX_OBJECTIVE + 1))),
                bad("scope", r -> with(r, "scope", "")),
                bad("constraints", r -> withLists(r, Collections.nCopies(51, "c"), null), "at most 50 entries"),
                bad("constraints[1]", r -> withLists(r, List.of("ok", " "), null)),
                bad("success_metrics[0]", r -> withLists(r, null, List.of("m".repeat(1025))), "at most 1024"),
                bad("budget", r -> with(r, "budget", "$".repeat(65))),
                bad("budget", r -> with(r, "budget", "$50\u0000")),
                bad("timebox", r -> with(r, "timebox", "30m"), "ISO-8601"),
                bad("timebox", r -> with(r, "timebox", "PT0S"), "positive"),
                bad("timebox", r -> with(r, "timebox", "-PT1M"), "positive"),
                bad("timebox", r -> with(r, "timebox", "P8D"), "at most P7D"));
    }

    private static Arguments bad(String field, UnaryOperator<CreateRequest> change) {
        return bad(field, change, field);
    }

    private static Arguments bad(String field, UnaryOperator<CreateRequest> change, String inMessage) {
        return Arguments.of(field, change.apply(request(true)), inMessage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsRefusedNamingTheFieldAndNothingIsStored(String field, CreateRequest req, String inMessage) {
        InvalidArgumentException e = catchThrowableOfType(() -> service.create(alice, req),
                InvalidArgumentException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(inMessage);
        assertThat(store.list(null, null, null, 100, null).items()).isEmpty();
    }

    @Test
    void onlyAnAdminOrTheSystemCreatesForAnotherOwner() {
        CreateRequest forBob = with(request(false), "owner", "bob");
        assertThatThrownBy(() -> service.create(alice, forBob))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.field()).isEqualTo("owner"));
        assertThat(store.list(null, null, null, 100, null).items()).isEmpty();
        Directive byAdmin = service.create(admin, forBob);
        assertThat(byAdmin.owner()).isEqualTo("bob");
        assertThat(byAdmin.issuedBy()).isEqualTo("root");
        assertThat(service.get(bob, byAdmin.id())).isEqualTo(byAdmin);
        assertThat(service.create(system, request(false)).owner()).isEqualTo(Caller.ANONYMOUS);
    }

    // ---- tenancy and reading ------------------------------------------------------------------------------

    @Test
    void anotherOwnersDirectiveIsNotFoundExactlyLikeAMissingOne() {
        Directive d = along(PROPOSED);
        NotFoundException hidden = catchThrowableOfType(() -> service.get(bob, d.id()), NotFoundException.class);
        NotFoundException missing = catchThrowableOfType(() -> service.get(bob, "dir_missing"), NotFoundException.class);
        assertThat(hidden.getMessage()).isEqualTo(missing.getMessage().replace("dir_missing", d.id()));
        assertThatThrownBy(() -> service.history(bob, d.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.transition(bob, d.id(), PROPOSED, "")).isInstanceOf(NotFoundException.class);
        assertThat(service.get(admin, d.id())).isEqualTo(d);
        assertThat(service.get(system, d.id())).isEqualTo(d);
        assertThat(service.history(admin, d.id())).hasSize(1);
        assertThatThrownBy(() -> service.get(alice, "bad id"))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("directive_id"));
    }

    @Test
    void listingShowsAUserItsOwnAndAnAdminEveryonesWithFilters() {
        Directive a1 = created(alice);
        clock.advanceSeconds(1);
        Directive b1 = created(bob);
        clock.advanceSeconds(1);
        Directive a2 = service.create(alice, with(request(true), "role", "cfo"));
        assertThat(ids(service.list(alice, null, null, null, null, null))).containsExactly(a1.id(), a2.id());
        assertThat(ids(service.list(admin, null, null, null, null, null))).containsExactly(a1.id(), b1.id(), a2.id());
        assertThat(ids(service.list(admin, "bob", null, null, null, null))).containsExactly(b1.id());
        assertThat(ids(service.list(alice, "alice", "cfo", null, null, null))).containsExactly(a2.id());
        assertThat(ids(service.list(alice, null, null, PROPOSED, null, null))).containsExactly(a2.id());
        Page<Directive> first = service.list(alice, null, null, null, 1, null);
        assertThat(ids(first)).containsExactly(a1.id());
        assertThat(ids(service.list(alice, null, null, null, 1, first.nextToken()))).containsExactly(a2.id());
        assertThatThrownBy(() -> service.list(alice, "bob", null, null, null, null))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.field()).isEqualTo("owner"));
        for (int limit : new int[] {0, 101}) {
            assertThatThrownBy(() -> service.list(alice, null, null, null, limit, null))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.field()).isEqualTo("limit"));
        }
        assertThatThrownBy(() -> service.list(alice, null, "a role", null, null, null))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("role"));
    }

    @Test
    void latestIsTheOwnersNewestDirectiveForTheRole() {
        created(alice);
        clock.advanceSeconds(1);
        Directive newest = created(alice);
        clock.advanceSeconds(1);
        created(bob);
        assertThat(service.latest(alice, null, "cto")).contains(newest);
        assertThat(service.latest(admin, "alice", "cto")).contains(newest);
        assertThat(service.latest(alice, null, "cfo")).isEmpty();
        assertThatThrownBy(() -> service.latest(bob, "alice", "cto")).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> service.latest(alice, null, null))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("role"));
    }

    // ---- the one mutator ------------------------------------------------------------------------------------

    @Test
    void theWholeLifeOfADirectiveIsInItsTrail() {
        Directive d = created(alice);
        clock.advanceSeconds(1);
        d = service.transition(alice, d.id(), PROPOSED, "");
        clock.advanceSeconds(1);
        d = service.transition(system, d.id(), BLOCKED, "budget $500.00 is over the ceiling $100.00");
        assertThat(d.reason()).isEqualTo("budget $500.00 is over the ceiling $100.00");
        clock.advanceSeconds(1);
        d = service.transition(alice, d.id(), PROPOSED, "budget lowered");
        d = service.transition(system, d.id(), APPROVED, "");
        d = service.transition(system, d.id(), EXECUTING, "");
        d = service.transition(system, d.id(), COMPLETE, "");
        assertThat(d.status()).isEqualTo(COMPLETE);
        assertThat(d.version()).isEqualTo(7);
        assertThat(service.get(alice, d.id())).isEqualTo(d);
        List<DirectiveTransition> trail = service.history(alice, d.id());
        assertThat(trail).extracting(DirectiveTransition::to)
                .containsExactly(PROPOSED, BLOCKED, PROPOSED, APPROVED, EXECUTING, COMPLETE);
        assertThat(trail).extracting(DirectiveTransition::from)
                .containsExactly(DRAFT, PROPOSED, BLOCKED, PROPOSED, APPROVED, EXECUTING);
        assertThat(trail).extracting(DirectiveTransition::actor)
                .containsExactly("alice", "system", "alice", "system", "system", "system");
        assertThat(trail.get(1).at()).isEqualTo(Instant.parse("2026-02-01T09:00:02Z"));
        assertThat(trail.get(2).reason()).isEqualTo("budget lowered");
    }

    @Test
    void executingMayBeAborted() {
        Directive d = along(PROPOSED, APPROVED, EXECUTING);
        Directive aborted = service.transition(system, d.id(), ABORTED, "module failed: boom");
        assertThat(aborted.status()).isEqualTo(ABORTED);
        assertThat(aborted.reason()).isEqualTo("module failed: boom");
        assertThatThrownBy(() -> service.transition(alice, d.id(), PROPOSED, "again"))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("current status is aborted");
    }

    @Test
    void anInvalidMoveIsAConflictNamingTheCurrentStatusAndChangesNothing() {
        Directive d = along(PROPOSED, APPROVED);
        FailedPreconditionException e = catchThrowableOfType(() -> service.transition(system, d.id(), COMPLETE, "x"),
                FailedPreconditionException.class);
        assertThat(e.code().httpStatus()).isEqualTo(409);
        assertThat(e.field()).isEqualTo("status");
        assertThat(e.getMessage()).contains("current status is approved");
        assertThat(service.get(alice, d.id())).isEqualTo(d);
        assertThat(service.history(alice, d.id())).hasSize(2);
    }

    @Test
    void aPersonMayOnlyAskForProposedTheRestBelongsToTheFlows() {
        Directive d = along(PROPOSED);
        for (DirectiveStatus target : List.of(APPROVED, BLOCKED, EXECUTING, COMPLETE, ABORTED, DRAFT)) {
            for (Caller person : List.of(alice, admin)) {
                assertThatThrownBy(() -> service.transition(person, d.id(), target, ""))
                        .isInstanceOfSatisfying(PermissionDeniedException.class,
                                e -> assertThat(e.field()).isEqualTo("status"));
            }
        }
        assertThatThrownBy(() -> service.transition(bob, "dir_nobody", APPROVED, ""))
                .as("refused before the read: existence does not leak").isInstanceOf(PermissionDeniedException.class);
        assertThat(service.get(alice, d.id())).isEqualTo(d);
        assertThat(service.history(alice, d.id())).hasSize(1);
        assertThat(service.transition(system, d.id(), APPROVED, "").status()).isEqualTo(APPROVED);
    }

    @Test
    void badTransitionRequestsNameTheField() {
        Directive d = created(alice);
        assertField(() -> service.transition(alice, d.id(), null, ""), "status");
        assertField(() -> service.transition(alice, "", PROPOSED, ""), "directive_id");
        assertField(() -> service.transition(alice, d.id(), PROPOSED, "r".repeat(DirectiveService.MAX_REASON + 1)),
                "reason");
        assertThatThrownBy(() -> service.transition(alice, "dir_missing", PROPOSED, ""))
                .isInstanceOf(NotFoundException.class);
        assertThat(service.get(alice, d.id())).isEqualTo(d);
        assertThat(service.history(alice, d.id())).isEmpty();
    }

    @Test
    void askingForTheCurrentStatusAgainIsADuplicateThatWritesNothing() {
        Directive proposed = along(PROPOSED);
        clock.advanceSeconds(5);
        Directive again = service.transition(alice, proposed.id(), PROPOSED, "double click");
        assertThat(again).isEqualTo(proposed);
        Directive approved = service.transition(system, proposed.id(), APPROVED, "");
        Directive retriedTask = service.transition(system, proposed.id(), APPROVED, "retried task");
        assertThat(retriedTask).isEqualTo(approved);
        assertThat(service.history(alice, proposed.id())).hasSize(2);
        assertThat(service.get(alice, proposed.id()).version()).isEqualTo(3);
    }

    @Test
    void racersAskingForTheSameMoveLeaveExactlyOneAuditEntry() throws Exception {
        Directive d = created(alice);
        List<Directive> results = DirectiveStoreContract.racing(8,
                i -> service.transition(i % 2 == 0 ? alice : admin, d.id(), PROPOSED, "racer " + i));
        assertThat(results).extracting(Directive::status).containsOnly(PROPOSED);
        assertThat(results).extracting(Directive::version).containsOnly(2L);
        assertThat(service.history(alice, d.id())).hasSize(1);
        assertThat(service.get(alice, d.id()).version()).isEqualTo(2);
    }

    @Test
    void racersAskingForDifferentMovesLetOneWinAndRefuseTheOther() throws Exception {
        Directive d = along(PROPOSED, APPROVED);
        List<Object> outcomes = DirectiveStoreContract.racing(2, i -> {
            try {
                return service.transition(system, d.id(), i == 0 ? EXECUTING : BLOCKED, "");
            } catch (FailedPreconditionException e) {
                return e;
            }
        });
        assertThat(outcomes).filteredOn(o -> o instanceof Directive).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof FailedPreconditionException).hasSize(1);
        Directive winner = (Directive) outcomes.stream().filter(o -> o instanceof Directive).findFirst().orElseThrow();
        FailedPreconditionException loser = (FailedPreconditionException) outcomes.stream()
                .filter(o -> o instanceof FailedPreconditionException).findFirst().orElseThrow();
        assertThat(loser.getMessage()).contains("current status is " + winner.status().wireName());
        assertThat(service.history(alice, d.id())).hasSize(3);
    }

    @Test
    void aLostRaceReReadsAndDecidesOnTheNewStatus() {
        Directive d = along(PROPOSED, APPROVED);
        AtomicInteger writes = new AtomicInteger();
        DirectiveService racy = new DirectiveService(new ForwardingStore(store) {
            @Override
            public Optional<Directive> transition(Directive next, DirectiveTransition entry) {
                if (writes.getAndIncrement() == 0) { // another writer blocks it between our read and our write
                    service.transition(system, d.id(), BLOCKED, "approval timed out");
                }
                return super.transition(next, entry);
            }
        }, clock);
        assertThatThrownBy(() -> racy.transition(system, d.id(), EXECUTING, ""))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("current status is blocked");
        assertThat(writes.get()).isEqualTo(1);
        assertThat(service.history(alice, d.id())).extracting(DirectiveTransition::to)
                .containsExactly(PROPOSED, APPROVED, BLOCKED);
    }

    @Test
    void endlessConflictsGiveUpAfterBoundedAttemptsWithoutWriting() {
        Directive d = created(alice);
        AtomicInteger attempts = new AtomicInteger();
        DirectiveService starved = new DirectiveService(new ForwardingStore(store) {
            @Override
            public Optional<Directive> transition(Directive next, DirectiveTransition entry) {
                attempts.incrementAndGet();
                return Optional.empty();
            }
        }, clock);
        assertThatThrownBy(() -> starved.transition(alice, d.id(), PROPOSED, ""))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(attempts.get()).isEqualTo(DirectiveService.MAX_ATTEMPTS);
        assertThat(service.get(alice, d.id())).isEqualTo(d);
        assertThat(service.history(alice, d.id())).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidArgumentException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private static List<String> ids(Page<Directive> page) {
        return page.items().stream().map(Directive::id).toList();
    }

    private static CreateRequest with(CreateRequest r, String field, String value) {
        return new CreateRequest(field.equals("owner") ? value : r.owner(), field.equals("role") ? value : r.role(),
                field.equals("type") ? value : r.type(), r.payload(), field.equals("issuedBy") ? value : r.issuedBy(),
                field.equals("objective") ? value : r.objective(), field.equals("scope") ? value : r.scope(),
                r.constraints(), r.successMetrics(), field.equals("budget") ? value : r.budget(),
                field.equals("timebox") ? value : r.timebox(), r.propose());
    }

    private static CreateRequest withPayload(CreateRequest r, Map<String, Object> payload) {
        return new CreateRequest(r.owner(), r.role(), r.type(), payload, r.issuedBy(), r.objective(), r.scope(),
                r.constraints(), r.successMetrics(), r.budget(), r.timebox(), r.propose());
    }

    private static CreateRequest withLists(CreateRequest r, List<String> constraints, List<String> metrics) {
        return new CreateRequest(r.owner(), r.role(), r.type(), r.payload(), r.issuedBy(), r.objective(), r.scope(),
                constraints, metrics, r.budget(), r.timebox(), r.propose());
    }

    /** Passes every call to a real store, so a test can intercept one. */
    private static class ForwardingStore implements DirectiveStore {
        private final DirectiveStore inner;

        ForwardingStore(DirectiveStore inner) {
            this.inner = inner;
        }

        @Override
        public boolean insert(Directive directive, List<DirectiveTransition> trail) {
            return inner.insert(directive, trail);
        }

        @Override
        public Optional<Directive> get(String id) {
            return inner.get(id);
        }

        @Override
        public Optional<Directive> transition(Directive next, DirectiveTransition entry) {
            return inner.transition(next, entry);
        }

        @Override
        public Page<Directive> list(String owner, String role, DirectiveStatus status, int limit, String nextToken) {
            return inner.list(owner, role, status, limit, nextToken);
        }

        @Override
        public Optional<Directive> latestByRole(String owner, String role) {
            return inner.latestByRole(owner, role);
        }

        @Override
        public List<DirectiveTransition> history(String directiveId) {
            return inner.history(directiveId);
        }
    }
}
