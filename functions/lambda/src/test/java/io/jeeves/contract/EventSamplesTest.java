package io.jeeves.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.config.JeevesSettings;
import io.jeeves.governance.ControlLoop;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveStore;
import io.jeeves.json.Json;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptKind;
import io.jeeves.kernel.interrupt.InterruptStatus;
import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelConfig;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.service.ProcessService.CreateRequest;
import io.jeeves.kernel.Priority;
import io.jeeves.runtime.FunctionContext;
import io.jeeves.store.dynamodb.DynamoDirectiveStore;
import io.jeeves.store.dynamodb.DynamoStores;
import io.jeeves.testing.DynamoDbLocal;
import io.jeeves.testing.Functions;
import io.jeeves.testing.GovernanceSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every sample in events/ is well-formed and succeeds through its real handler. */
class EventSamplesTest {
    static final Path EVENTS = Path.of("../../events");
    /**
     * Samples that start, answer or stop a Step Functions flow (ProposeDirective, RetryDirective and
     * DecideApproval start or resume an approval flow): this module has no Step Functions engine, so only their
     * shape is checked here. They are run through their real handlers against the real local stack by the
     * {@code local} module's GovernanceEventSamplesTest. CreateDirective's samples create drafts and
     * CancelExecution's run has no execution to stop, so both run here.
     */
    static final Set<String> RUN_BY_THE_LOCAL_STACK = Set.of("ProposeDirective", "RetryDirective", "DecideApproval");

    @BeforeAll
    static void fixtures() {
        Functions.configure();
        String prefix = System.getProperty("jeeves.table-prefix");
        KernelStores stores = DynamoStores.create(DynamoDbLocal.client(), id -> prefix + id, CleanupConfig.DEFAULTS);
        Kernel kernel = new Kernel(stores, KernelConfig.DEFAULTS, Clock.systemUTC());
        Caller admin = Caller.system();
        kernel.rateLimits().updateUser(admin, "alice", Map.of("burst_size", 1000, "requests_per_minute", 1000));
        kernel.rateLimits().updateUser(admin, "sample-user-2", Map.of("burst_size", 3));
        for (String pid : List.of("sample-new-1", "sample-new-2")) {
            kernel.processes().create(admin, new CreateRequest(pid, null, "alice", null, null, null, false));
        }
        for (String pid : List.of("sample-llm-1", "sample-llm-2")) {
            kernel.processes().create(admin, new CreateRequest(pid, null, "alice", null, null, null, true));
        }
        for (String pid : List.of("sample-rt-1", "sample-rt-2")) {
            kernel.processes().create(admin, new CreateRequest(pid, null, "alice", null, Priority.REALTIME, null, true));
        }
        for (String pid : List.of("sample-t", "sample-term-1", "sample-term-2")) {
            kernel.processes().create(admin, new CreateRequest(pid, null, "alice", null, Priority.LOW, null, true));
        }
        Instant now = Instant.now();
        for (int i = 1; i <= 5; i++) {
            stores.interrupts().insert(new Interrupt("int_5a3p1e000000000" + i, InterruptKind.CLARIFICATION,
                    InterruptStatus.PENDING, "req", "alice", "sample-session", "", "Which?", null, Map.of(), null, now,
                    now.plusSeconds(3600), null, 0));
        }
        governance(prefix);
    }

    /**
     * The directives, runs and artifacts the governance samples name, made by the functions' own control loop:
     * the flows' steps invoked as the flows invoke them (no Step Functions here, and nothing that needs S3:
     * every artifact is small, so inline).
     */
    private static void governance(String prefix) {
        ControlLoop loop = FunctionContext.bean(ControlLoop.class);
        DirectiveStore store = new DynamoDirectiveStore(DynamoDbLocal.client(),
                FunctionContext.bean(JeevesSettings.class).table(Catalog.DIRECTIVES));
        String done = GovernanceSamples.COMPLETE;
        GovernanceSamples.draft(store, done, GovernanceSamples.OWNER, "echo", Map.of("say", "hello"));
        GovernanceSamples.move(loop.directives(), done, DirectiveStatus.PROPOSED, "proposed by alice");
        loop.evaluatePolicy(done, done + "-p1");
        loop.transitionDirective(done, DirectiveStatus.APPROVED, "all policies allow", "policy");
        String key = GovernanceSamples.firstRunKey(done);
        loop.startRun(done, key, null);
        loop.executeModule(done, key);
        loop.finishRun(done, key, true, null, null);

        String executing = GovernanceSamples.EXECUTING;
        GovernanceSamples.draft(store, executing, GovernanceSamples.OWNER, "noop", Map.of());
        GovernanceSamples.move(loop.directives(), executing, DirectiveStatus.PROPOSED, "proposed by alice");
        loop.transitionDirective(executing, DirectiveStatus.APPROVED, "all policies allow", "policy");
        loop.startRun(executing, GovernanceSamples.firstRunKey(executing), null); // no execution ARN: nothing to stop

        GovernanceSamples.draft(store, GovernanceSamples.ANONYMOUS_ROLE_CTO, Caller.ANONYMOUS, "noop", Map.of());
    }

    private static JsonNode read(Path p) {
        try {
            return Json.read(Files.readString(p));
        } catch (IOException e) {
            throw new IllegalStateException(p + ": " + e.getMessage(), e);
        }
    }

    @Test
    void everyRpcHasBothShapesAndEachSucceeds() throws IOException {
        List<String> failures = new ArrayList<>();
        for (FunctionSpec f : Catalog.functions()) {
            Path dir = EVENTS.resolve(f.name());
            if (f.routes().isEmpty()) {
                continue;
            }
            RouteSpec route = f.routes().get(0);
            JsonNode http = read(dir.resolve("http.json"));
            assertThat(http.path("version").asText()).isEqualTo("2.0");
            assertThat(http.path("routeKey").asText()).as(f.name()).isEqualTo(route.routeKey());
            assertThat(http.path("requestContext").path("routeKey").asText()).isEqualTo(route.routeKey());
            assertThat(http.path("rawPath").asText()).matches(route.path().replaceAll("\\{[a-z_]+}", "[^/]+"));
            if (RUN_BY_THE_LOCAL_STACK.contains(f.name())) {
                assertThat(read(dir.resolve("direct.json")).isObject()).as(f.name()).isTrue();
                continue;
            }
            JsonNode out = Json.read(new String(Functions.invokeRaw(f.name(), Json.writeBytes(http))));
            int status = out.path("statusCode").asInt();
            if (status != route.successStatus()) {
                failures.add(f.name() + " http.json -> " + status + " " + out.path("body").asText());
            }
            try {
                Functions.direct(f.name(), read(dir.resolve("direct.json")));
            } catch (RuntimeException e) {
                failures.add(f.name() + " direct.json -> " + e);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void theScheduledCleanupEventRunsACycle() {
        JsonNode report = Functions.direct("Cleanup", read(EVENTS.resolve("Cleanup/scheduled.json")));
        assertThat(report.has("zombies_removed")).isTrue();
    }
}
