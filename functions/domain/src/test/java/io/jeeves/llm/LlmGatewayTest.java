package io.jeeves.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.error.NotFoundException;
import io.jeeves.governance.artifact.ArtifactConfig;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.ArtifactType;
import io.jeeves.governance.artifact.memory.InMemoryArtifactStore;
import io.jeeves.governance.artifact.memory.InMemoryBlobStore;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelConfig;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.kernel.service.UsageReservations;
import io.jeeves.kernel.store.memory.InMemoryProcessStore;
import io.jeeves.kernel.store.memory.InMemoryRateLimitStore;
import io.jeeves.kernel.store.memory.InMemoryReservationStore;
import io.jeeves.kernel.store.memory.InMemorySessionStore;
import io.jeeves.kernel.store.memory.InMemorySettingsStore;
import io.jeeves.kernel.store.memory.InMemoryInterruptStore;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LlmGatewayTest {
    private final TestClock clock = TestClock.atNow();
    private final InMemoryProcessStore processStore = new InMemoryProcessStore();
    private final Kernel kernel = new Kernel(new KernelStores(processStore, new InMemoryInterruptStore(),
            new InMemoryRateLimitStore(), new InMemorySettingsStore(), new InMemorySessionStore()), KernelConfig.DEFAULTS, clock);
    private final InMemoryArtifactStore artifactStore = new InMemoryArtifactStore();
    private final ArtifactService artifacts = new ArtifactService(artifactStore, new InMemoryBlobStore(),
            new ArtifactConfig("jeeves-artifacts"), clock);
    private final List<Duration> slept = new ArrayList<>();
    private final Caller alice = Caller.user("alice", java.util.Set.of());

    /** A provider that counts its requests and does what the test says. */
    private static final class Counting implements LlmProvider {
        final AtomicInteger requests = new AtomicInteger();
        final List<LlmRequest> seen = new ArrayList<>();
        final Function<Integer, LlmProvider> attempt;

        Counting(Function<Integer, LlmProvider> attempt) {
            this.attempt = attempt;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public void stream(LlmRequest request, LlmListener listener) {
            seen.add(request);
            attempt.apply(requests.incrementAndGet()).stream(request, listener);
        }
    }

    private static LlmProvider scripted(String content, Long in, Long out) {
        return new ScriptedProvider(List.of(new ScriptedProvider.Reply(null, content, List.of(), in, out, null)));
    }

    private static LlmProvider failing(LlmException e) {
        return new LlmProvider() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public void stream(LlmRequest request, LlmListener listener) {
                throw e;
            }
        };
    }

    private final InMemoryReservationStore reservationStore = new InMemoryReservationStore(processStore);

    private LlmGateway gateway(AgentConfigs configs, Function<AgentLlmConfig, LlmProvider> providers, PriceTable prices) {
        ProcessService processes = kernel.processes();
        return new LlmGateway(processes, new UsageReservations(processes, reservationStore, clock), configs, providers,
                prices, artifacts, new InMemoryCallLedger(reservationStore, artifactStore, clock),
                v -> String.valueOf(v).getBytes(StandardCharsets.UTF_8), RetryPolicy.DEFAULT, slept::add, () -> 0.5,
                System::nanoTime);
    }

    private LlmGateway gateway(AgentConfigs configs, LlmProvider provider) {
        return gateway(configs, c -> provider, PriceTable.of(List.of(Map.of("provider", "scripted", "model", "s",
                "input_per_million", "2.50", "output_per_million", "10"))));
    }

    private static AgentConfigs scriptedAgents() {
        return AgentConfigs.of(Map.of("writer", Map.of("provider", "scripted", "model", "s", "max_tokens", 100)), Map.of());
    }

    private Process process(String pid, Map<String, Integer> quota) {
        return kernel.processes().create(alice, new ProcessService.CreateRequest(pid, null, null, null, null, quota, true))
                .process();
    }

    private static LlmGateway.Call call(String pid, String callId, String text) {
        return new LlmGateway.Call(pid, "writer", callId, List.of(LlmMessage.of("system", "be brief"),
                LlmMessage.of("user", text)), List.of(), null);
    }

    @Test
    void reservesThenSettlesToTheRealUsageAndWritesBothArtifacts() {
        process("p1", null);
        LlmGateway g = gateway(scriptedAgents(), scripted("hello there world", 30L, 3L));
        List<String> kinds = new ArrayList<>();
        LlmGateway.Result r = g.call(alice, call("p1", "c1", "hi"), e -> kinds.add(e.kind()));

        assertThat(r.ok()).isTrue();
        assertThat(r.content()).isEqualTo("hello there world");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(kinds).containsExactly("token", "token", "token", "usage", "done");
        assertThat(r.usage().inputTokens()).isEqualTo(30);
        assertThat(r.usage().outputTokens()).isEqualTo(3);
        assertThat(r.usage().totalTokens()).isEqualTo(33);
        // 30 × 2.50 + 3 × 10 per million = 0.000105
        assertThat(LlmGateway.cost(r.usage().estimatedCostUsd())).isEqualTo("0.000105");
        Process after = kernel.processes().get(alice, "p1");
        assertThat(after.usage().llmCalls()).isEqualTo(1);
        assertThat(after.usage().tokensIn()).isEqualTo(30);
        assertThat(after.usage().tokensOut()).isEqualTo(3); // the reservation of 100 settled down to 3
        assertThat(r.artifactIds()).containsExactly("c1-llm_call", "c1-llm_usage");
        String callRecord = new String(artifacts.content(alice, "c1-llm_call").bytes(), StandardCharsets.UTF_8);
        assertThat(callRecord).contains("status=ok", "message_count=2", "roles=[system, user]", "input_chars=10")
                .doesNotContain("be brief").doesNotContain("hello there");
        assertThat(artifacts.get(alice, "c1-llm_usage").type()).isEqualTo(ArtifactType.LLM_USAGE);
    }

    @Test
    void aQuotaThatWouldBeExceededRefusesWithoutContactingTheProvider() {
        process("p2", Map.of("max_llm_calls", 2));
        Counting provider = new Counting(n -> scripted("ok", 5L, 1L));
        LlmGateway g = gateway(scriptedAgents(), provider);
        assertThat(g.call(alice, call("p2", null, "one")).ok()).isTrue();
        assertThat(g.call(alice, call("p2", null, "two")).ok()).isTrue();
        LlmGateway.Result third = g.call(alice, call("p2", "c3", "three"));

        assertThat(third.ok()).isFalse();
        assertThat(third.error().type()).isEqualTo(LlmErrorType.QUOTA_EXCEEDED);
        assertThat(third.error().retryable()).isFalse();
        assertThat(provider.requests.get()).isEqualTo(2);
        assertThat(kernel.processes().get(alice, "p2").usage().llmCalls()).isEqualTo(2);
        assertThat(third.artifactIds()).hasSize(1); // observable, but nothing used
        assertThat(artifacts.get(alice, third.artifactIds().get(0)).type()).isEqualTo(ArtifactType.LLM_CALL);
        // the refused id is not spent: with room in the quota again, the same call id is made
        process("p2b", null); // (a process's quota cannot be raised: another process shows the id is free)
        LlmGateway.Result again = g.call(alice, call("p2b", "c3", "three"));
        assertThat(again.ok()).isTrue();
        assertThat(again.artifactIds()).containsExactly("c3-llm_call", "c3-llm_usage");
    }

    @Test
    void theOutputReservationIsCappedAtWhatTheQuotaHasLeft() {
        process("p3", Map.of("max_output_tokens", 40));
        Counting provider = new Counting(n -> scripted("a b c d e", 5L, 35L));
        LlmGateway g = gateway(scriptedAgents(), provider);
        assertThat(g.call(alice, call("p3", null, "first")).ok()).isTrue();
        assertThat(provider.seen.get(0).maxTokens()).isEqualTo(40);

        g.call(alice, call("p3", null, "second"));
        assertThat(provider.seen.get(1).maxTokens()).isEqualTo(5); // 40 - 35 left
    }

    @Test
    void theStreamIsStoppedWhenTheOutputBudgetIsUsedUp() {
        process("p4", null);
        // a backend that ignores max_tokens: 400 characters ≈ 100 tokens, the budget is 10
        LlmProvider chatty = new LlmProvider() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public void stream(LlmRequest request, LlmListener listener) {
                for (int i = 0; i < 100; i++) {
                    if (!listener.onEvent(new LlmEvent.Token("abcd"))) {
                        return;
                    }
                }
                listener.onEvent(new LlmEvent.Done("stop"));
            }
        };
        LlmGateway g = gateway(scriptedAgents(), chatty);
        LlmGateway.Result r = g.call(alice, new LlmGateway.Call("p4", "writer", null, List.of(LlmMessage.of("user", "go")),
                List.of(), new LlmGateway.Options(null, 10)));

        assertThat(r.ok()).isTrue();
        assertThat(r.budgetExhausted()).isTrue();
        assertThat(r.content()).hasSize(40);
        assertThat(r.usage().outputTokens()).isEqualTo(10);
        assertThat(r.usage().reported()).isFalse();
    }

    @Test
    void retryableErrorsAreRetriedWithBackOffUntilTheyPass() {
        process("p5", null);
        Counting provider = new Counting(n -> n < 3 ? failing(LlmException.forStatus(503, "busy", null))
                : scripted("fine", 5L, 1L));
        LlmGateway.Result r = gateway(scriptedAgents(), provider).call(alice, call("p5", null, "x"));

        assertThat(r.ok()).isTrue();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(slept).containsExactly(Duration.ofMillis(125), Duration.ofMillis(250)); // jitter 0.5 of 250, 500
        assertThat(kernel.processes().get(alice, "p5").usage().llmCalls()).isEqualTo(1); // charged once
    }

    @Test
    void retryAfterIsHonouredAndNonRetryableErrorsAreNotRetried() {
        process("p6", null);
        Counting limited = new Counting(n -> n == 1
                ? failing(LlmException.forStatus(429, "slow down", Duration.ofSeconds(3))) : scripted("ok", 1L, 1L));
        assertThat(gateway(scriptedAgents(), limited).call(alice, call("p6", null, "x")).ok()).isTrue();
        assertThat(slept).containsExactly(Duration.ofSeconds(3));

        Counting invalid = new Counting(n -> failing(LlmException.forStatus(400, "bad", null)));
        LlmGateway.Result r = gateway(scriptedAgents(), invalid).call(alice, call("p6", null, "y"));
        assertThat(r.error().type()).isEqualTo(LlmErrorType.INVALID_REQUEST);
        assertThat(invalid.requests.get()).isEqualTo(1);
        assertThat(r.usage().outputTokens()).isZero();
        assertThat(r.usage().inputTokens()).isZero();
        assertThat(kernel.processes().get(alice, "p6").usage().llmCalls()).isEqualTo(2); // the failed one counts
    }

    @Test
    void errorsAfterOutputStartedAreNeverRetried() {
        process("p7", null);
        Counting provider = new Counting(n -> new LlmProvider() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public void stream(LlmRequest request, LlmListener listener) {
                listener.onEvent(new LlmEvent.Token("partial"));
                throw LlmException.of(LlmErrorType.CONNECTION, "reset");
            }
        });
        List<String> kinds = new ArrayList<>();
        LlmGateway.Result r = gateway(scriptedAgents(), provider).call(alice, call("p7", null, "x"), e -> kinds.add(e.kind()));

        assertThat(provider.requests.get()).isEqualTo(1);
        assertThat(r.error().type()).isEqualTo(LlmErrorType.CONNECTION);
        assertThat(r.content()).isEqualTo("partial");
        assertThat(kinds).containsExactly("token", "error");
        assertThat(r.usage().outputTokens()).isEqualTo(2); // estimated from what came
    }

    @Test
    void disabledByDefaultAndSaysHowToEnableWithoutReserving() {
        process("p8", null);
        LlmGateway g = gateway(AgentConfigs.of(Map.of()), c -> new DisabledProvider(c.agent()), PriceTable.DEFAULT);
        LlmGateway.Result r = g.call(alice, call("p8", null, "x"));

        assertThat(r.error().type()).isEqualTo(LlmErrorType.DISABLED);
        assertThat(r.error().getMessage()).contains("JEEVES_LLM_PROVIDER", "WRITER_PROVIDER");
        assertThat(r.usage()).isNull();
        assertThat(kernel.processes().get(alice, "p8").usage().llmCalls()).isZero();
    }

    @Test
    void aRetriedCallIdIsChargedOnceAndASettledOneIsRefused() {
        process("p9", null);
        Counting provider = new Counting(n -> scripted("ok", 5L, 1L));
        LlmGateway g = gateway(scriptedAgents(), provider);
        g.call(alice, call("p9", "same", "x"));
        assertThatThrownBy(() -> g.call(alice, call("p9", "same", "x"))).isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("new call_id");
        assertThat(kernel.processes().get(alice, "p9").usage().llmCalls()).isEqualTo(1);
        assertThat(provider.requests.get()).isEqualTo(1);
    }

    @Test
    void callersMistakesAreClearErrorsAndChargeNothing() {
        process("p10", null);
        LlmGateway g = gateway(scriptedAgents(), scripted("ok", 1L, 1L));
        assertThatThrownBy(() -> g.call(alice, new LlmGateway.Call("p10", "writer", null, List.of(), List.of(), null)))
                .isInstanceOf(InvalidArgumentException.class).hasFieldOrPropertyWithValue("field", "messages");
        assertThatThrownBy(() -> g.call(alice, new LlmGateway.Call("p10", "writer", null,
                List.of(LlmMessage.of("robot", "x")), List.of(), null))).hasFieldOrPropertyWithValue("field", "messages[0].role");
        assertThatThrownBy(() -> g.call(alice, new LlmGateway.Call("p10", "Bad Agent", null,
                List.of(LlmMessage.of("user", "x")), List.of(), null))).hasFieldOrPropertyWithValue("field", "agent");
        assertThatThrownBy(() -> g.call(alice, new LlmGateway.Call("p10", "writer", null,
                List.of(LlmMessage.of("user", "x")), List.of(), new LlmGateway.Options(3.5, null))))
                .hasFieldOrPropertyWithValue("field", "options.temperature");
        assertThatThrownBy(() -> g.call(Caller.user("mallory", java.util.Set.of()), call("p10", null, "x")))
                .isInstanceOf(NotFoundException.class); // another tenant's process does not exist for mallory
        assertThat(kernel.processes().get(alice, "p10").usage().llmCalls()).isZero();
    }

    @Test
    void aRememberedProcessIsStillAnotherTenantsAndStillRefusedWhenTerminated() {
        process("p12", null);
        LlmGateway g = gateway(scriptedAgents(), scripted("ok", 1L, 1L));
        assertThat(g.call(alice, call("p12", null, "x")).ok()).isTrue(); // now remembered
        assertThatThrownBy(() -> g.call(Caller.user("mallory", java.util.Set.of()), call("p12", null, "x")))
                .isInstanceOf(NotFoundException.class);
        kernel.processes().terminate(alice, "p12", "done");
        assertThatThrownBy(() -> g.call(alice, call("p12", null, "x"))).isInstanceOf(FailedPreconditionException.class);
        assertThat(kernel.processes().get(alice, "p12").usage().llmCalls()).isEqualTo(1);
    }

    @Test
    void aCallBeyondTheContextWindowIsAnInvalidRequestWithoutSpending() {
        process("p11", null);
        Counting provider = new Counting(n -> scripted("ok", 1L, 1L));
        LlmGateway g = gateway(AgentConfigs.of(Map.of("writer", Map.of("provider", "scripted", "max_tokens", 100,
                "context_window", 120)), Map.of()), provider);
        LlmGateway.Result r = g.call(alice, call("p11", null, "x".repeat(200)));
        assertThat(r.error().type()).isEqualTo(LlmErrorType.INVALID_REQUEST);
        assertThat(provider.requests.get()).isZero();
        assertThat(kernel.processes().get(alice, "p11").usage().llmCalls()).isZero();
    }
}
