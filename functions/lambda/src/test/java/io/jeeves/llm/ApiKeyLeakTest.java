package io.jeeves.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.governance.artifact.ArtifactConfig;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.memory.InMemoryArtifactStore;
import io.jeeves.governance.artifact.memory.InMemoryBlobStore;
import io.jeeves.json.Json;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelConfig;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.kernel.service.UsageReservations;
import io.jeeves.kernel.store.memory.InMemoryProcessStore;
import io.jeeves.kernel.store.memory.InMemoryReservationStore;
import io.jeeves.kernel.store.memory.InMemoryStores;
import io.jeeves.llm.provider.ApiKeys;
import io.jeeves.llm.provider.Providers;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import io.jeeves.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An API key, resolved from where the agent's configuration points (here the environment variable PATH,
 * whose value the test knows), reaches the backend and nowhere else: not the call's result, its error, or
 * its artifacts, even when the backend echoes the key in every kind of error.
 */
class ApiKeyLeakTest {
    static final String KEY = System.getenv("PATH");
    static LlmTestServer server;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theKeyReachesTheBackendAndNothingElse() {
        assertThat(KEY).isNotBlank();
        TestClock clock = TestClock.atNow();
        KernelStores stores = InMemoryStores.create();
        Kernel kernel = new Kernel(stores, KernelConfig.DEFAULTS, clock);
        InMemoryArtifactStore artifactStore = new InMemoryArtifactStore();
        ArtifactService artifacts = new ArtifactService(artifactStore, new InMemoryBlobStore(),
                new ArtifactConfig("jeeves-artifacts"), clock);
        InMemoryReservationStore reservations = new InMemoryReservationStore((InMemoryProcessStore) stores.processes());
        AgentConfigs agents = AgentConfigs.of(Map.of("a", Map.of("provider", "openai", "model", "m", "api_key", "env:PATH",
                "base_url", server.baseUrl().toString())), Map.of());
        LlmGateway gateway = new LlmGateway(kernel.processes(), new UsageReservations(kernel.processes(), reservations, clock),
                agents, new Providers(new ApiKeys(System::getenv, id -> null), "us-east-1"), PriceTable.DEFAULT, artifacts,
                new InMemoryCallLedger(reservations, artifactStore, clock), Json::writeBytes, RetryPolicy.NONE, d -> { },
                () -> 0, System::nanoTime);
        Caller alice = Caller.user("alice", Set.of());
        kernel.processes().create(alice, new ProcessService.CreateRequest("p", null, null, null, null, null, true));

        String echo = "{\"error\":{\"message\":\"key " + KEY + " refused\",\"type\":\"" + KEY + "\"}}";
        List<Answer> answers = List.of(Answer.of(401, "application/json", echo), Answer.of(403, "application/json", echo),
                Answer.of(400, "application/json", echo), Answer.of(500, "application/json", echo),
                Answer.of(429, "application/json", echo),
                Answer.sse(("data: {\"error\":{\"message\":\"" + KEY + "\",\"type\":\"server_error\"}}\n\n")
                        .getBytes(StandardCharsets.UTF_8)));
        int i = 0;
        for (Answer answer : answers) {
            server.answering(r -> answer);
            LlmGateway.Result r = gateway.call(alice, new LlmGateway.Call("p", "a", "c" + i++,
                    List.of(LlmMessage.of("user", "hi")), List.of(), null));
            assertThat(r.ok()).isFalse();
            assertThat(server.received().get(server.requests() - 1).header("authorization")).isEqualTo("Bearer " + KEY);
            assertThat(r.error().getMessage()).doesNotContain(KEY);
            for (Throwable t = r.error(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
            }
            assertThat(r.toString()).doesNotContain(KEY);
            for (String id : r.artifactIds()) {
                assertThat(new String(artifactStore.get(id).orElseThrow().content(), StandardCharsets.UTF_8))
                        .doesNotContain(KEY);
            }
        }
        assertThat(agents.forAgent("a").toString()).doesNotContain(KEY);
    }
}
