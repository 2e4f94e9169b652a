package io.jeeves.governance.directive.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.InvalidArgumentException;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveLifecycle;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveStore;
import io.jeeves.governance.directive.DirectiveTransition;
import io.jeeves.kernel.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DirectiveStore} must do. Subclasses supply a fresh, empty store; the same suite runs
 * against the in-memory double and, later, DynamoDB Local.
 */
public abstract class DirectiveStoreContract {
    protected final Instant t0 = Instant.parse("2026-03-01T10:00:00Z").plusNanos(123_456_000);
    protected DirectiveStore store;

    /** A fresh, empty store for one test. */
    protected abstract DirectiveStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    protected Directive draft(String id, String owner, String role, Instant created) {
        return new Directive(id, owner, role, "noop", Map.of(), DirectiveStatus.DRAFT, "", owner, "Ship it", null,
                List.of(), List.of(), null, null, created, created, 0L);
    }

    protected Directive stored(Directive d) {
        assertThat(store.insert(d, List.of())).isTrue();
        return store.get(d.id()).orElseThrow();
    }

    /** Moves the stored {@code d} to {@code target} through the store, asserting the write wins. */
    protected Directive moved(Directive d, DirectiveStatus target, String reason, Instant at) {
        Directive next = DirectiveLifecycle.transition(d, target, reason, at);
        return store.transition(next, DirectiveLifecycle.entry(d, next, "system")).orElseThrow();
    }

    @Test
    void directiveRoundTripsEveryField() {
        Map<String, Object> payload = Map.of("text", "héllo", "n", 42, "ratio", 0.5, "flag", true,
                "list", List.of("a", 1, Map.of("deep", List.of())), "obj", Map.of("k", "v"));
        Directive d = new Directive("dir_1", "alice", "cto", "echo", payload, DirectiveStatus.DRAFT, "", "ceo-agent",
                "Cut cloud costs", "infra", List.of("no downtime", "keep EU data in EU"), List.of("bill -10%"),
                "$1,250.50", Duration.ofMinutes(30), t0, t0.plusMillis(1), 0L);
        assertThat(store.insert(d, List.of())).isTrue();
        assertThat(store.get("dir_1")).contains(d.withVersion(1));
        assertThat(store.history("dir_1")).isEmpty();
        assertThat(store.get("nope")).isEmpty();
        assertThat(store.history("nope")).isEmpty();
    }

    @Test
    void absentOptionalFieldsStayAbsent() {
        Directive d = draft("dir_min", "alice", "cto", t0);
        Directive back = stored(d);
        assertThat(back.scope()).isNull();
        assertThat(back.budget()).isNull();
        assertThat(back.timebox()).isNull();
        assertThat(back.payload()).isEmpty();
        assertThat(back.constraints()).isEmpty();
        assertThat(back).isEqualTo(d.withVersion(1));
    }

    @Test
    void insertRefusesATakenIdAndWritesNothing() {
        Directive first = stored(draft("dir_1", "alice", "cto", t0));
        Directive other = DirectiveLifecycle.transition(draft("dir_1", "bob", "cfo", t0.plusSeconds(1)),
                DirectiveStatus.PROPOSED, "", t0.plusSeconds(1));
        DirectiveTransition entry = DirectiveLifecycle.entry(draft("dir_1", "bob", "cfo", t0), other, "bob");
        assertThat(store.insert(other, List.of(entry))).isFalse();
        assertThat(store.get("dir_1")).contains(first);
        assertThat(store.history("dir_1")).as("the refused insert's trail is not written").isEmpty();
    }

    @Test
    void insertKeepsTheInitialTrailOfADirectiveCreatedProposed() {
        Directive draft = draft("dir_p", "alice", "cto", t0);
        Directive proposed = DirectiveLifecycle.transition(draft, DirectiveStatus.PROPOSED, "", t0);
        DirectiveTransition entry = DirectiveLifecycle.entry(draft, proposed, "alice");
        assertThat(store.insert(proposed, List.of(entry))).isTrue();
        assertThat(store.get("dir_p").orElseThrow().status()).isEqualTo(DirectiveStatus.PROPOSED);
        assertThat(store.history("dir_p")).containsExactly(
                new DirectiveTransition("dir_p", 1, DirectiveStatus.DRAFT, DirectiveStatus.PROPOSED, "alice", t0, ""));
    }

    @Test
    void transitionWritesTheDirectiveAndItsEntryConditionally() {
        Directive v1 = stored(draft("dir_1", "alice", "cto", t0));
        Directive v2 = moved(v1, DirectiveStatus.PROPOSED, "", t0.plusSeconds(1));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.status()).isEqualTo(DirectiveStatus.PROPOSED);
        assertThat(v2.updatedAt()).isEqualTo(t0.plusSeconds(1));
        assertThat(v2.createdAt()).isEqualTo(t0);
        assertThat(store.get("dir_1")).contains(v2);

        Directive stale = DirectiveLifecycle.transition(v1, DirectiveStatus.PROPOSED, "again", t0.plusSeconds(2));
        assertThat(store.transition(stale, DirectiveLifecycle.entry(v1, stale, "bob"))).as("stale version").isEmpty();
        assertThat(store.get("dir_1")).contains(v2);
        assertThat(store.history("dir_1")).hasSize(1);

        Directive ghost = DirectiveLifecycle.transition(draft("ghost", "alice", "cto", t0), DirectiveStatus.PROPOSED,
                "", t0);
        assertThat(store.transition(ghost, DirectiveLifecycle.entry(draft("ghost", "alice", "cto", t0), ghost, "x")))
                .as("unknown directive").isEmpty();
        assertThat(store.get("ghost")).isEmpty();
        assertThat(store.history("ghost")).isEmpty();
    }

    @Test
    void anEntryThatDoesNotMatchTheWriteIsRefusedAndNothingIsWritten() {
        Directive v1 = stored(draft("dir_1", "alice", "cto", t0));
        stored(draft("dir_2", "alice", "cto", t0));
        Directive next = DirectiveLifecycle.transition(v1, DirectiveStatus.PROPOSED, "", t0.plusSeconds(1));
        DirectiveTransition good = DirectiveLifecycle.entry(v1, next, "alice");
        DirectiveTransition otherDirective = new DirectiveTransition("dir_2", good.version(), good.from(), good.to(),
                good.actor(), good.at(), good.reason());
        DirectiveTransition wrongVersion = new DirectiveTransition("dir_1", 5, good.from(), good.to(), good.actor(),
                good.at(), good.reason());
        assertThatThrownBy(() -> store.transition(next, otherDirective)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.transition(next, wrongVersion)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get("dir_1")).contains(v1);
        assertThat(store.history("dir_1")).isEmpty();
        assertThat(store.history("dir_2")).isEmpty();
    }

    @Test
    void historyIsTheWholeTrailInOrder() {
        Directive d = stored(draft("dir_1", "alice", "cto", t0));
        d = moved(d, DirectiveStatus.PROPOSED, "", t0.plusSeconds(1));
        d = moved(d, DirectiveStatus.BLOCKED, "budget over ceiling", t0.plusSeconds(2));
        d = moved(d, DirectiveStatus.PROPOSED, "retry", t0.plusSeconds(3));
        d = moved(d, DirectiveStatus.APPROVED, "", t0.plusSeconds(4));
        assertThat(d.version()).isEqualTo(5);
        assertThat(store.history("dir_1")).extracting(DirectiveTransition::version).containsExactly(2L, 3L, 4L, 5L);
        assertThat(store.history("dir_1")).extracting(DirectiveTransition::to).containsExactly(DirectiveStatus.PROPOSED,
                DirectiveStatus.BLOCKED, DirectiveStatus.PROPOSED, DirectiveStatus.APPROVED);
        DirectiveTransition blocked = store.history("dir_1").get(1);
        assertThat(blocked.from()).isEqualTo(DirectiveStatus.PROPOSED);
        assertThat(blocked.reason()).isEqualTo("budget over ceiling");
        assertThat(blocked.at()).isEqualTo(t0.plusSeconds(2));
        assertThat(blocked.actor()).isEqualTo("system");
    }

    @Test
    void listFiltersByOwnerRoleAndStatusInCreationOrderAndPages() {
        stored(draft("c", "alice", "cto", t0.plusSeconds(3)));
        stored(draft("a", "alice", "cto", t0.plusSeconds(1)));
        stored(draft("b", "alice", "cfo", t0.plusSeconds(2)));
        stored(draft("d", "bob", "cto", t0));
        moved(store.get("c").orElseThrow(), DirectiveStatus.PROPOSED, "", t0.plusSeconds(9));

        assertThat(ids(store.list("alice", null, null, 10, null))).containsExactly("a", "b", "c");
        assertThat(ids(store.list(null, null, null, 10, null))).containsExactly("d", "a", "b", "c");
        assertThat(ids(store.list("alice", "cto", null, 10, null))).containsExactly("a", "c");
        assertThat(ids(store.list(null, "cto", DirectiveStatus.DRAFT, 10, null))).containsExactly("d", "a");
        assertThat(ids(store.list("alice", null, DirectiveStatus.PROPOSED, 10, null))).containsExactly("c");
        assertThat(ids(store.list("carol", null, null, 10, null))).isEmpty();

        Page<Directive> first = store.list(null, null, null, 3, null);
        assertThat(ids(first)).containsExactly("d", "a", "b");
        assertThat(first.nextToken()).isNotNull();
        Page<Directive> second = store.list(null, null, null, 3, first.nextToken());
        assertThat(ids(second)).containsExactly("c");
        assertThat(second.nextToken()).isNull();
        assertThat(store.list(null, null, null, 4, null).nextToken()).as("exactly one full page").isNull();
        assertThatThrownBy(() -> store.list(null, null, null, 3, "garbage"))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("next_token"));
    }

    @Test
    void latestByRoleIsTheOwnersMostRecentlyCreated() {
        stored(draft("old", "alice", "cto", t0));
        stored(draft("new", "alice", "cto", t0.plusSeconds(5)));
        stored(draft("cfo", "alice", "cfo", t0.plusSeconds(9)));
        stored(draft("bobs", "bob", "cto", t0.plusSeconds(10)));
        moved(store.get("old").orElseThrow(), DirectiveStatus.PROPOSED, "", t0.plusSeconds(20));
        assertThat(store.latestByRole("alice", "cto").map(Directive::id)).contains("new");
        assertThat(store.latestByRole("bob", "cto").map(Directive::id)).contains("bobs");
        assertThat(store.latestByRole("alice", "ceo")).isEmpty();
        assertThat(store.latestByRole("carol", "cto")).isEmpty();
    }

    @Test
    void racingWritesOfOneVersionLetExactlyOneWin() throws Exception {
        Directive v1 = stored(draft("dir_r", "alice", "cto", t0));
        int writers = 8;
        List<Optional<Directive>> results = racing(writers, i -> {
            Directive next = DirectiveLifecycle.transition(v1, DirectiveStatus.PROPOSED, "writer " + i, t0);
            return store.transition(next, DirectiveLifecycle.entry(v1, next, "writer-" + i));
        });
        assertThat(results.stream().filter(Optional::isPresent).count()).isEqualTo(1);
        assertThat(store.history("dir_r")).hasSize(1);
        assertThat(store.get("dir_r").orElseThrow().version()).isEqualTo(2);
        String winner = results.stream().flatMap(Optional::stream).findFirst().orElseThrow().reason();
        assertThat(store.history("dir_r").get(0).reason()).isEqualTo(winner);
    }

    private static List<String> ids(Page<Directive> page) {
        return page.items().stream().map(Directive::id).toList();
    }

    /** A task run by one of several threads, told its index. */
    public interface Racer<T> {
        T run(int index) throws Exception;
    }

    /** Starts {@code n} racers together (a barrier) and returns their results in index order. */
    public static <T> List<T> racing(int n, Racer<T> racer) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier gate = new CyclicBarrier(n);
            List<Future<T>> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                pending.add(threads.submit(() -> {
                    gate.await(30, TimeUnit.SECONDS);
                    return racer.run(index);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : pending) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
