package io.jeeves.kernel.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.error.NotFoundException;
import io.jeeves.error.PermissionDeniedException;
import io.jeeves.error.ResourceExhaustedException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.Priority;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptKind;
import io.jeeves.kernel.interrupt.InterruptResponse;
import io.jeeves.kernel.interrupt.InterruptStatus;
import io.jeeves.kernel.ratelimit.RateDecision;
import io.jeeves.kernel.ratelimit.RateLimitConfig;
import io.jeeves.kernel.ratelimit.RateWindow;
import io.jeeves.kernel.service.CleanupService;
import io.jeeves.kernel.service.InterruptService;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelConfig;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.kernel.service.ProcessService.CreateRequest;
import io.jeeves.kernel.store.Page;
import io.jeeves.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's behaviour end to end through its services, over whatever stores a subclass supplies
 * (in-memory doubles, or DynamoDB Local).
 */
public abstract class KernelContract {
    protected final Caller alice = Caller.user("alice", Set.of());
    protected final Caller bob = Caller.user("bob", Set.of());
    protected final Caller admin = Caller.user("root", Set.of(Caller.SCOPE_ADMIN));
    protected final Caller worker = Caller.user("worker-1", Set.of(Caller.SCOPE_WORKER));
    protected TestClock clock;
    protected KernelStores stores;
    protected Kernel kernel;

    protected abstract KernelStores newStores();

    @BeforeEach
    void setUpKernel() {
        clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
        stores = newStores();
        kernel = new Kernel(stores, KernelConfig.DEFAULTS, clock);
    }

    protected Process create(Caller caller, String pid) {
        return kernel.processes().create(caller, new CreateRequest(pid, null, null, null, null, null, true)).process();
    }

    protected Process create(Caller caller, String pid, Priority priority) {
        return kernel.processes().create(caller, new CreateRequest(pid, null, null, null, priority, null, true)).process();
    }

    // ---- processes ----------------------------------------------------------------------------------------

    @Test
    void createSchedulesAtOnceWithTheDefaultQuota() {
        ProcessService.Created c = kernel.processes().create(alice,
                new CreateRequest("p1", "r1", null, "s1", Priority.HIGH, null, true));
        assertThat(c.created()).isTrue();
        Process p = c.process();
        assertThat(p.state()).as("fixes quirk 3: the reply shows the real state").isEqualTo(ProcessState.READY);
        assertThat(p.userId()).isEqualTo("alice");
        assertThat(p.requestId()).isEqualTo("r1");
        assertThat(p.sessionId()).isEqualTo("s1");
        assertThat(p.priority()).isEqualTo(Priority.HIGH);
        assertThat(p.quota().maxLlmCalls()).isEqualTo(100);
        assertThat(kernel.processes().get(alice, "p1")).isEqualTo(p);
    }

    @Test
    void createWithoutSchedulingLeavesNewUntilScheduled() {
        Process p = kernel.processes().create(alice, new CreateRequest("p1", null, null, null, null, null, false)).process();
        assertThat(p.state()).isEqualTo(ProcessState.NEW);
        assertThat(kernel.processes().schedule(alice, "p1").state()).isEqualTo(ProcessState.READY);
        assertThatThrownBy(() -> kernel.processes().schedule(alice, "p1"))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("expected NEW");
    }

    @Test
    void createIsIdempotentForTheOwnerAndRefusedForOthers() {
        Process first = create(alice, "p1");
        ProcessService.Created again = kernel.processes().create(alice,
                new CreateRequest("p1", null, null, null, Priority.LOW, null, true));
        assertThat(again.created()).isFalse();
        assertThat(again.process()).isEqualTo(first);
        assertThatThrownBy(() -> create(bob, "p1"))
                .isInstanceOfSatisfying(FailedPreconditionException.class, e -> assertThat(e.field()).isEqualTo("pid"))
                .hasMessageContaining("already in use").hasMessageNotContaining("alice");
    }

    @Test
    void createValidatesItsArguments() {
        assertThatThrownBy(() -> create(alice, ""))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("pid"));
        assertThatThrownBy(() -> create(alice, "has space"))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("pid"));
        assertThatThrownBy(() -> kernel.processes().create(alice,
                new CreateRequest("p1", null, null, null, null, Map.of("max_llm_calls", -1), true)))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("quota.max_llm_calls"));
        assertThatThrownBy(() -> kernel.processes().create(alice,
                new CreateRequest("p1", null, "bob", null, null, null, true)))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(stores.processes().get("p1")).as("nothing written").isEmpty();
        Process forBob = kernel.processes().create(admin, new CreateRequest("p2", null, "bob", null, null,
                Map.of("max_llm_calls", 3), true)).process();
        assertThat(forBob.userId()).isEqualTo("bob");
        assertThat(forBob.quota().maxLlmCalls()).isEqualTo(3);
        assertThat(forBob.quota().maxToolCalls()).isEqualTo(50);
    }

    @Test
    void theEleventhCreateWithinTenSecondsIsRateLimited() {
        for (int i = 0; i < 10; i++) {
            create(alice, "p" + i);
            clock.advanceMillis(100);
        }
        assertThatThrownBy(() -> create(alice, "p10"))
                .isInstanceOfSatisfying(ResourceExhaustedException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Burst limit exceeded: 10 requests per 10 seconds");
                    assertThat(e.retryAfterSeconds()).isEqualTo(10L);
                });
        assertThat(stores.processes().get("p10")).isEmpty();
        create(bob, "b1"); // other users are not affected
        clock.advanceSeconds(10);
        assertThat(create(alice, "p10").state()).isEqualTo(ProcessState.READY);
    }

    @Test
    void othersProcessesAreNotFoundButWorkersAndAdminsSeeThem() {
        create(alice, "p1");
        assertThatThrownBy(() -> kernel.processes().get(bob, "p1"))
                .isInstanceOf(NotFoundException.class).hasMessage("Process p1 not found");
        assertThatThrownBy(() -> kernel.processes().terminate(bob, "p1", "")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kernel.quotas().record(bob, "p1", new UsageDelta(1, 0, 0, 0, 0, 0, 0, 0)))
                .isInstanceOf(NotFoundException.class);
        assertThat(kernel.processes().get(admin, "p1").pid()).isEqualTo("p1");
        assertThat(kernel.processes().get(worker, "p1").pid()).isEqualTo("p1");
        assertThat(stores.processes().get("p1").orElseThrow().state()).isEqualTo(ProcessState.READY);
    }

    @Test
    void schedulerClaimsByPriorityThenFifoAndNeverTwice() {
        create(alice, "low", Priority.LOW);
        clock.advanceMillis(1);
        create(alice, "n1", Priority.NORMAL);
        clock.advanceMillis(1);
        create(bob, "n2", Priority.NORMAL);
        clock.advanceMillis(1);
        create(bob, "hi", Priority.HIGH);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Process p = kernel.processes().nextRunnable(worker);
            assertThat(p.state()).isEqualTo(ProcessState.RUNNING);
            order.add(p.pid());
        }
        assertThat(order).containsExactly("hi", "n1", "n2", "low");
        assertThatThrownBy(() -> kernel.processes().nextRunnable(worker))
                .isInstanceOf(NotFoundException.class).hasMessage("No runnable processes");
        assertThatThrownBy(() -> kernel.processes().nextRunnable(alice)).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void concurrentWorkersNeverClaimTheSameProcess() throws Exception {
        for (int i = 0; i < 8; i++) {
            create(i % 2 == 0 ? alice : bob, "p" + i);
            clock.advanceMillis(1);
        }
        List<String> claimed = StoreContract.concurrently(12, i -> {
            try {
                return kernel.processes().nextRunnable(worker).pid();
            } catch (NotFoundException e) {
                return null;
            }
        });
        List<String> got = claimed.stream().filter(java.util.Objects::nonNull).toList();
        assertThat(got).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void everyTransitionReallyHappens() {
        create(alice, "p1");
        ProcessService ps = kernel.processes();
        assertThat(ps.transition(alice, "p1", ProcessState.RUNNING, "").state()).isEqualTo(ProcessState.RUNNING);
        Process waiting = ps.transition(alice, "p1", ProcessState.WAITING, "needs clarification");
        assertThat(waiting.state()).isEqualTo(ProcessState.WAITING);
        assertThat(waiting.reason()).isEqualTo("needs clarification");
        assertThat(ps.transition(alice, "p1", ProcessState.READY, "").state()).as("resume").isEqualTo(ProcessState.READY);
        assertThat(kernel.processes().nextRunnable(worker).pid()).as("resumed process is runnable again").isEqualTo("p1");
        assertThat(ps.transition(alice, "p1", ProcessState.BLOCKED, "budget").state()).isEqualTo(ProcessState.BLOCKED);
        assertThat(ps.transition(alice, "p1", ProcessState.READY, "").state()).isEqualTo(ProcessState.READY);
        assertThat(ps.transition(alice, "p1", ProcessState.TERMINATED, "done").state()).isEqualTo(ProcessState.TERMINATED);
        assertThat(ps.transition(alice, "p1", ProcessState.ZOMBIE, "").state()).isEqualTo(ProcessState.ZOMBIE);
        assertThatThrownBy(() -> ps.transition(alice, "p1", ProcessState.READY, ""))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("from ZOMBIE to READY");
    }

    @Test
    void terminateIsIdempotentAndFreezesElapsedTime() {
        create(alice, "p1");
        kernel.processes().transition(alice, "p1", ProcessState.RUNNING, "");
        clock.advanceSeconds(30);
        Process t = kernel.processes().terminate(alice, "p1", "user cancelled");
        assertThat(t.state()).isEqualTo(ProcessState.TERMINATED);
        assertThat(t.usage().elapsedSeconds()).isEqualTo(30.0);
        clock.advanceSeconds(30);
        Process again = kernel.processes().terminate(alice, "p1", "again");
        assertThat(again.version()).isEqualTo(t.version());
        assertThat(again.reason()).isEqualTo("user cancelled");
    }

    @Test
    void listingIsScopedToTheCaller() {
        create(alice, "a1");
        create(alice, "a2");
        create(bob, "b1");
        kernel.processes().terminate(alice, "a2", "");
        assertThat(all(alice, null, null)).extracting(Process::pid).containsExactlyInAnyOrder("a1", "a2");
        assertThat(all(alice, ProcessState.READY, null)).extracting(Process::pid).containsExactly("a1");
        assertThat(all(admin, null, null)).hasSize(3);
        assertThat(all(admin, null, "bob")).extracting(Process::pid).containsExactly("b1");
        assertThatThrownBy(() -> kernel.processes().list(alice, null, "bob", 10, null))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> kernel.processes().list(alice, null, null, 101, null))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("limit"));
        ProcessService.Counts counts = kernel.processes().counts(alice, null);
        assertThat(counts.total()).isEqualTo(2);
        assertThat(counts.byState()).containsEntry(ProcessState.READY, 1L).containsEntry(ProcessState.TERMINATED, 1L)
                .containsEntry(ProcessState.ZOMBIE, 0L).hasSize(7);
        assertThat(counts.queueDepth()).isEqualTo(1);
        assertThat(kernel.processes().counts(admin, null).total()).isEqualTo(3);
    }

    private List<Process> all(Caller caller, ProcessState state, String user) {
        List<Process> out = new ArrayList<>();
        String token = null;
        do {
            Page<Process> page = kernel.processes().list(caller, state, user, 1, token);
            out.addAll(page.items());
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    // ---- quotas --------------------------------------------------------------------------------------------

    @Test
    void usageIsRecordedUpToTheLimitAndRefusedPastIt() {
        kernel.processes().create(alice, new CreateRequest("p1", null, null, null, null,
                Map.of("max_llm_calls", 3, "max_output_tokens", 100), true));
        Process p = kernel.quotas().record(alice, "p1", new UsageDelta(2, 1, 1, 1, 10, 40, 0, 0));
        assertThat(p.usage().llmCalls()).isEqualTo(2);
        assertThat(p.usage().agentHops()).as("fixes quirk 9: agent hops are recorded").isEqualTo(1);
        assertThat(p.usage().iterations()).isEqualTo(1);
        kernel.quotas().record(alice, "p1", new UsageDelta(1, 0, 0, 0, 0, 60, 0, 0));
        assertThat(kernel.quotas().check(alice, "p1").withinBounds()).as("equal to the limit is within bounds").isTrue();
        assertThatThrownBy(() -> kernel.quotas().record(alice, "p1", new UsageDelta(1, 5, 0, 0, 0, 0, 0, 0)))
                .isInstanceOf(ResourceExhaustedException.class).hasMessageContaining("llm_calls 3 + 1 > 3");
        assertThatThrownBy(() -> kernel.quotas().record(alice, "p1", new UsageDelta(0, 0, 0, 0, 0, 1, 0, 0)))
                .hasMessageContaining("tokens_out 100 + 1 > 100");
        Process after = kernel.processes().get(alice, "p1");
        assertThat(after.usage().toolCalls()).as("a refused increment records nothing").isEqualTo(1);
        assertThat(after.usage().llmCalls()).isEqualTo(3);
    }

    @Test
    void concurrentRecordingAdmitsExactlyTheQuota() throws Exception {
        kernel.processes().create(alice, new CreateRequest("p1", null, null, null, null, Map.of("max_llm_calls", 20), true));
        List<Boolean> ok = StoreContract.concurrently(64, i -> {
            try {
                kernel.quotas().record(alice, "p1", new UsageDelta(1, 0, 0, 0, 0, 0, 0, 0));
                return true;
            } catch (ResourceExhaustedException e) {
                return false;
            }
        });
        assertThat(ok.stream().filter(b -> b).count()).isEqualTo(20);
        assertThat(kernel.processes().get(alice, "p1").usage().llmCalls()).isEqualTo(20);
    }

    @Test
    void elapsedTimeCountsAgainstTheTimeout() {
        kernel.processes().create(alice, new CreateRequest("p1", null, null, null, null, Map.of("timeout_seconds", 60), true));
        kernel.processes().transition(alice, "p1", ProcessState.RUNNING, "");
        clock.advanceSeconds(60);
        assertThat(kernel.quotas().check(alice, "p1").withinBounds()).isTrue();
        clock.advanceSeconds(1);
        var status = kernel.quotas().check(alice, "p1");
        assertThat(status.withinBounds()).isFalse();
        assertThat(status.exceededReason()).startsWith("quota exceeded: Process p1 quota exceeded: elapsed_seconds 61.000 > 60");
        assertThatThrownBy(() -> kernel.quotas().record(alice, "p1", new UsageDelta(1, 0, 0, 0, 0, 0, 0, 0)))
                .isInstanceOf(ResourceExhaustedException.class).hasMessageContaining("elapsed_seconds");
    }

    @Test
    void terminatedProcessesRecordNoUsage() {
        create(alice, "p1");
        kernel.processes().terminate(alice, "p1", "");
        assertThatThrownBy(() -> kernel.quotas().record(alice, "p1", new UsageDelta(1, 0, 0, 0, 0, 0, 0, 0)))
                .isInstanceOf(FailedPreconditionException.class);
    }

    @Test
    void quotaDefaultsAreExplicitUpdatesByAdminsOnly() {
        assertThat(kernel.quotaDefaults().current().maxToolCalls()).isEqualTo(50);
        kernel.quotaDefaults().update(admin, Map.of("max_llm_calls", 999), false);
        var q = kernel.quotaDefaults().update(admin, Map.of("max_agent_hops", 0), false);
        assertThat(q.maxLlmCalls()).as("earlier override kept (fixes quirk 8)").isEqualTo(999);
        assertThat(q.maxAgentHops()).as("zero can be set").isZero();
        assertThat(q.maxToolCalls()).isEqualTo(50);
        assertThat(create(alice, "p1").quota().maxLlmCalls()).isEqualTo(999);
        assertThat(kernel.quotaDefaults().update(admin, Map.of(), true).maxLlmCalls()).as("reset").isEqualTo(100);
        assertThatThrownBy(() -> kernel.quotaDefaults().update(alice, Map.of("max_llm_calls", 1), false))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> kernel.quotaDefaults().update(admin, Map.of("max_llm_calls", -1), false))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(kernel.quotaDefaults().current().maxLlmCalls()).isEqualTo(100);
        assertThatThrownBy(() -> kernel.quotaDefaults().read(alice)).isInstanceOf(PermissionDeniedException.class);
        assertThat(kernel.quotaDefaults().read(admin).maxLlmCalls()).isEqualTo(100);
    }

    // ---- rate limits ------------------------------------------------------------------------------------------

    @Test
    void rateLimitCheckReportsTheRealWindowAndHonoursOverrides() {
        RateDecision d = kernel.rateLimits().check(alice, null, true);
        assertThat(d.allowed()).isTrue();
        assertThat(d.window()).isEqualTo(RateWindow.BURST);
        assertThat(d.remaining()).isEqualTo(9);
        kernel.rateLimits().updateUser(admin, "alice", Map.of("requests_per_minute", 2));
        assertThat(kernel.rateLimits().check(alice, null, true).allowed()).isTrue();
        RateDecision denied = kernel.rateLimits().check(alice, null, true);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.window()).isEqualTo(RateWindow.MINUTE);
        assertThat(denied.limit()).isEqualTo(2);
        assertThat(denied.retryAfterSeconds()).isBetween(60L, 61L);
        assertThat(kernel.rateLimits().check(alice, null, false).allowed()).as("peek").isFalse();
        assertThat(kernel.rateLimits().check(bob, null, true).allowed()).isTrue();
        assertThatThrownBy(() -> kernel.rateLimits().check(alice, "bob", true)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> kernel.rateLimits().updateUser(alice, "alice", Map.of("requests_per_minute", 100)))
                .isInstanceOf(PermissionDeniedException.class);
        kernel.rateLimits().deleteUser(admin, "alice");
        assertThat(kernel.rateLimits().check(alice, null, true).allowed()).isTrue();
        assertThatThrownBy(() -> kernel.rateLimits().deleteUser(admin, "alice")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void rateLimitDefaultsCanBeChanged() {
        RateLimitConfig c = kernel.rateLimits().updateDefaults(admin, Map.of("burst_size", 2), false);
        assertThat(c.burstSize()).isEqualTo(2);
        assertThat(c.requestsPerMinute()).isEqualTo(60);
        kernel.rateLimits().check(bob, null, true);
        kernel.rateLimits().check(bob, null, true);
        assertThat(kernel.rateLimits().check(bob, null, true).window()).isEqualTo(RateWindow.BURST);
        assertThat(kernel.rateLimits().userLimits(admin, "bob").effective().burstSize()).isEqualTo(2);
        assertThat(kernel.rateLimits().updateDefaults(admin, Map.of(), true)).isEqualTo(RateLimitConfig.DEFAULTS);
    }

    @Test
    void concurrentRateChecksAdmitExactlyTheLimit() throws Exception {
        kernel.rateLimits().updateUser(admin, "carol", Map.of("burst_size", 25));
        Caller carol = Caller.user("carol", Set.of());
        List<Boolean> allowed = StoreContract.concurrently(64, i -> kernel.rateLimits().check(carol, null, true).allowed());
        assertThat(allowed.stream().filter(a -> a).count()).isEqualTo(25);
    }

    // ---- interrupts ---------------------------------------------------------------------------------------------

    protected Interrupt raise(Caller caller, InterruptKind kind, String session) {
        return kernel.interrupts().create(caller, new InterruptService.CreateRequest(kind, "req", null, session, "env",
                "Which file?", null, Map.of("options", List.of("a", "b")), null));
    }

    @Test
    void interruptsHaveTheTtlOfTheirKind() {
        Instant now = clock.instant();
        assertThat(raise(alice, InterruptKind.CLARIFICATION, "s1").expiresAt()).isEqualTo(now.plusSeconds(86_400));
        assertThat(raise(alice, InterruptKind.CONFIRMATION, "s1").expiresAt()).isEqualTo(now.plusSeconds(3_600));
        assertThat(raise(alice, InterruptKind.AGENT_REVIEW, "s1").expiresAt()).isEqualTo(now.plusSeconds(1_800));
        assertThat(raise(alice, InterruptKind.CHECKPOINT, "s1").expiresAt()).isNull();
        assertThat(raise(alice, InterruptKind.RESOURCE_EXHAUSTED, "s1").expiresAt()).isEqualTo(now.plusSeconds(300));
        assertThat(raise(alice, InterruptKind.TIMEOUT, "s1").expiresAt()).isEqualTo(now.plusSeconds(300));
        Interrupt sys = raise(alice, InterruptKind.SYSTEM_ERROR, "s1");
        assertThat(sys.expiresAt()).isEqualTo(now.plusSeconds(3_600));
        assertThat(sys.id()).matches("int_[0-9a-f]{16}");
        assertThat(sys.status()).isEqualTo(InterruptStatus.PENDING);
        assertThat(sys.userId()).isEqualTo("alice");
    }

    @Test
    void resolvingChecksOwnerStatusAndTheAnswerTheKindNeeds() {
        Interrupt i = raise(alice, InterruptKind.CONFIRMATION, "s1");
        InterruptResponse yes = new InterruptResponse(null, true, null, null, null);
        assertThatThrownBy(() -> kernel.interrupts().resolve(bob, i.id(), yes)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kernel.interrupts().resolve(alice, i.id(), new InterruptResponse("text", null, null, null, null)))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("response.approved"));
        clock.advanceSeconds(5);
        Interrupt resolved = kernel.interrupts().resolve(alice, i.id(), yes);
        assertThat(resolved.status()).isEqualTo(InterruptStatus.RESOLVED);
        assertThat(resolved.response().approved()).isTrue();
        assertThat(resolved.response().receivedAt()).isEqualTo(clock.instant());
        assertThat(resolved.resolvedAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> kernel.interrupts().resolve(alice, i.id(), yes))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("is resolved, not pending");
    }

    @Test
    void expiryIsReal() {
        Interrupt i = raise(alice, InterruptKind.CONFIRMATION, "s1");
        clock.advanceSeconds(3_600);
        assertThat(kernel.interrupts().get(alice, i.id()).status()).isEqualTo(InterruptStatus.PENDING);
        clock.advanceSeconds(1);
        assertThat(kernel.interrupts().get(alice, i.id()).status()).isEqualTo(InterruptStatus.EXPIRED);
        assertThatThrownBy(() -> kernel.interrupts().resolve(alice, i.id(), new InterruptResponse(null, true, null, null, null)))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> kernel.interrupts().cancel(alice, i.id(), "late"))
                .isInstanceOf(FailedPreconditionException.class);
        assertThat(kernel.interrupts().pendingForSession(alice, "s1", null)).isEmpty();
    }

    @Test
    void cancelAndPendingForSession() {
        Interrupt a = raise(alice, InterruptKind.CLARIFICATION, "s1");
        clock.advanceMillis(1);
        Interrupt b = raise(alice, InterruptKind.CONFIRMATION, "s1");
        clock.advanceMillis(1);
        raise(alice, InterruptKind.CLARIFICATION, "s1");
        clock.advanceMillis(1);
        raise(bob, InterruptKind.CLARIFICATION, "s1");
        raise(alice, InterruptKind.CLARIFICATION, "s2");
        assertThat(kernel.interrupts().pendingForSession(alice, "s1", null)).hasSize(3).first().isEqualTo(a);
        assertThat(kernel.interrupts().pendingForSession(alice, "s1", Set.of(InterruptKind.CLARIFICATION))).hasSize(2);
        assertThat(kernel.interrupts().pendingForSession(alice, "s1", Set.of(InterruptKind.CONFIRMATION)))
                .extracting(Interrupt::id).containsExactly(b.id());
        assertThat(kernel.interrupts().pendingForSession(admin, "s1", null)).hasSize(4);
        Interrupt cancelled = kernel.interrupts().cancel(alice, a.id(), "changed my mind");
        assertThat(cancelled.status()).isEqualTo(InterruptStatus.CANCELLED);
        assertThat(cancelled.data()).containsEntry("cancel_reason", "changed my mind").containsKey("options");
        assertThat(kernel.interrupts().pendingForSession(alice, "s1", null)).hasSize(2);
        assertThatThrownBy(() -> kernel.interrupts().get(bob, a.id())).isInstanceOf(NotFoundException.class);
    }

    // ---- cleanup and status ---------------------------------------------------------------------------------

    @Test
    void cleanupCollectsWhatIsDueAndNothingElse() {
        create(alice, "old");
        create(alice, "young");
        create(alice, "alive");
        kernel.processes().terminate(alice, "old", "");
        Interrupt answered = raise(alice, InterruptKind.CONFIRMATION, "s1");
        kernel.interrupts().resolve(alice, answered.id(), new InterruptResponse(null, false, null, null, null));
        Interrupt overdue = raise(alice, InterruptKind.TIMEOUT, "s1");
        Interrupt checkpoint = raise(alice, InterruptKind.CHECKPOINT, "s1");
        kernel.rateLimits().check(bob, null, true);

        clock.advanceSeconds(301);
        kernel.processes().terminate(alice, "young", "");
        CleanupService.Report r1 = kernel.cleanup().runCycle();
        assertThat(r1.processesReaped()).isEqualTo(1);
        assertThat(r1.interruptsExpired()).isEqualTo(1);
        assertThat(stores.processes().get("old").orElseThrow().state()).isEqualTo(ProcessState.ZOMBIE);
        assertThat(stores.processes().get("young").orElseThrow().state()).isEqualTo(ProcessState.TERMINATED);
        assertThat(stores.interrupts().get(overdue.id()).orElseThrow().status()).isEqualTo(InterruptStatus.EXPIRED);

        clock.advanceSeconds(86_400 + 60);
        raise(bob, InterruptKind.CHECKPOINT, "recent"); // a session with fresh activity
        CleanupService.Report r2 = kernel.cleanup().runCycle();
        assertThat(r2.zombiesRemoved()).isEqualTo(1);
        assertThat(r2.processesReaped()).isEqualTo(1);
        // each process made without a session id opened its own session (3), plus s1; "recent" stays
        assertThat(r2.sessionsRemoved()).isEqualTo(4);
        assertThat(stores.sessions().countActiveSince(clock.instant().minusSeconds(1))).isEqualTo(1);
        assertThat(r2.interruptsRemoved()).isEqualTo(2);
        assertThat(r2.rateWindowsRemoved()).isEqualTo(2);
        assertThat(stores.processes().get("old")).isEmpty();
        assertThat(stores.processes().get("alive").orElseThrow().state()).isEqualTo(ProcessState.READY);
        assertThat(stores.interrupts().get(answered.id())).isEmpty();
        assertThat(stores.interrupts().get(checkpoint.id()).orElseThrow().status()).isEqualTo(InterruptStatus.PENDING);
        assertThat(stores.rateLimits().load("bob").version()).isZero();
    }

    @Test
    void systemStatusIsForOperators() {
        create(alice, "p1");
        create(bob, "p2");
        raise(alice, InterruptKind.CLARIFICATION, "s1");
        var status = kernel.status().status(worker);
        assertThat(status.processes().total()).isEqualTo(2);
        assertThat(status.processes().byState()).containsEntry(ProcessState.READY, 2L);
        assertThat(status.pendingInterrupts()).isEqualTo(1);
        assertThat(status.activeSessions()).isEqualTo(3);
        assertThatThrownBy(() -> kernel.status().status(alice)).isInstanceOf(PermissionDeniedException.class);
    }
}
