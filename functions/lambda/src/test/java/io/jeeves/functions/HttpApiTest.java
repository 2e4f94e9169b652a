package io.jeeves.functions;

import static io.jeeves.testing.Functions.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.kernel.Caller;
import io.jeeves.testing.Functions.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kernel route through its real handler, as API Gateway delivers it, against DynamoDB Local. */
class HttpApiTest {
    private String user;
    private String other;

    @BeforeEach
    void users() {
        user = "u-" + UUID.randomUUID();
        other = "o-" + UUID.randomUUID();
    }

    private String pid() {
        return "p-" + UUID.randomUUID();
    }

    private Response create(String pid, Object body) {
        return http("CreateProcess").as(user).body(body).send();
    }

    private String created() {
        String pid = pid();
        assertThat(create(pid, Map.of("pid", pid)).status()).isEqualTo(201);
        return pid;
    }

    private static void assertProblem(Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.body().path("type").asText()).startsWith("https://jeeves.dev/problems/");
        assertThat(r.body().path("title").asText()).isNotEmpty();
        assertThat(r.body().path("status").asInt()).isEqualTo(status);
        assertThat(r.body().path("detail").asText()).isNotEmpty();
        assertThat(r.body().path("request_id").asText()).isNotEmpty();
        if (field != null) {
            assertThat(r.field()).isEqualTo(field);
        }
    }

    @Test
    void createReturns201ThenReplaysWith200() {
        String pid = pid();
        Response r = create(pid, Map.of("pid", pid, "priority", "high", "session_id", "s-1",
                "quota", Map.of("max_llm_calls", 5)));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsEntry("content-type", "application/json").containsKey("x-request-id");
        JsonNode p = r.body();
        assertThat(p.path("pid").asText()).isEqualTo(pid);
        assertThat(p.path("state").asText()).isEqualTo("READY");
        assertThat(p.path("priority").asText()).isEqualTo("HIGH");
        assertThat(p.path("user_id").asText()).isEqualTo(user);
        assertThat(p.path("session_id").asText()).isEqualTo("s-1");
        assertThat(p.path("quota").path("max_llm_calls").asInt()).isEqualTo(5);
        assertThat(p.path("quota").path("max_tool_calls").asInt()).isEqualTo(50);
        assertThat(p.path("usage").path("llm_calls").asInt()).isZero();
        assertThat(p.path("current_stage").asText()).isEmpty();
        assertThat(p.path("created_at").asText()).endsWith("Z");
        Response again = create(pid, Map.of("pid", pid));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("priority").asText()).isEqualTo("HIGH");
        assertProblem(http("CreateProcess").as(other).body(Map.of("pid", pid)).send(), 409, "FAILED_PRECONDITION", "pid");
    }

    @Test
    void aProcessOfAnotherUserIsNotFound() {
        String pid = created();
        assertThat(http("GetProcess").as(user).path("pid", pid).send().status()).isEqualTo(200);
        Response r = http("GetProcess").as(other).path("pid", pid).send();
        assertProblem(r, 404, "NOT_FOUND", null);
        assertThat(r.body().path("instance").asText()).isEqualTo("/v1/processes/" + pid);
        assertThat(r.body().toString()).doesNotContain(user);
        assertThat(http("GetProcess").as(other, Caller.SCOPE_ADMIN).path("pid", pid).send().status()).isEqualTo(200);
        assertProblem(http("TerminateProcess").as(other).path("pid", pid).send(), 404, "NOT_FOUND", null);
        assertThat(http("GetProcess").as(user).path("pid", pid).send().body().path("state").asText()).isEqualTo("READY");
    }

    @Test
    void noTokenIsUnauthenticated() {
        assertProblem(http("GetProcess").anonymous().path("pid", "x").send(), 401, "UNAUTHENTICATED", null);
    }

    @Test
    void schedulerRequiresTheWorkerScopeAndClaims() {
        assertProblem(http("GetNextRunnable").as(user).send(), 403, "PERMISSION_DENIED", null);
        String pid = created();
        String worker = "w-" + UUID.randomUUID();
        List<String> claimed = new ArrayList<>();
        Response r;
        while ((r = http("GetNextRunnable").as(worker, Caller.SCOPE_WORKER).send()).status() == 200) {
            assertThat(r.body().path("state").asText()).isEqualTo("RUNNING");
            claimed.add(r.body().path("pid").asText());
        }
        assertProblem(r, 404, "NOT_FOUND", null);
        assertThat(claimed).contains(pid);
        assertThat(http("GetProcess").as(user).path("pid", pid).send().body().path("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void transitionsAndTheirErrors() {
        String pid = created();
        Response running = http("TransitionState").as(user).path("pid", pid).body(Map.of("new_state", "running")).send();
        assertThat(running.body().path("state").asText()).isEqualTo("RUNNING");
        Response waiting = http("TransitionState").as(user).path("pid", pid)
                .body(Map.of("new_state", "WAITING", "reason", "clarification")).send();
        assertThat(waiting.body().path("state").asText()).isEqualTo("WAITING");
        assertThat(waiting.body().path("reason").asText()).isEqualTo("clarification");
        assertProblem(http("TransitionState").as(user).path("pid", pid).body(Map.of("new_state", "SLEEPING")).send(),
                400, "INVALID_ARGUMENT", "new_state");
        assertProblem(http("TransitionState").as(user).path("pid", pid).body(Map.of("new_state", "RUNNING")).send(),
                409, "FAILED_PRECONDITION", "new_state");
        assertProblem(http("TransitionState").as(user).path("pid", pid).body(Map.of()).send(),
                400, "INVALID_ARGUMENT", "new_state");
        assertProblem(http("ScheduleProcess").as(user).path("pid", pid).send(), 409, "FAILED_PRECONDITION", null);
        Response t = http("TerminateProcess").as(user).path("pid", pid).body(Map.of("reason", "done", "force", true)).send();
        assertThat(t.body().path("state").asText()).isEqualTo("TERMINATED");
        assertThat(t.body().path("completed_at").asText()).isNotEmpty();
        assertThat(http("TerminateProcess").as(user).path("pid", pid).send().status()).as("idempotent").isEqualTo(200);
    }

    @Test
    void usageIsValidatedAndRefusedPastTheQuotaWithNothingRecorded() {
        String pid = pid();
        create(pid, Map.of("pid", pid, "quota", Map.of("max_llm_calls", 2)));
        Response ok = http("RecordUsage").as(user).path("pid", pid)
                .body(Map.of("llm_calls", 2, "tokens_in", 100, "agent_hops", 1)).send();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("llm_calls").asInt()).isEqualTo(2);
        assertThat(ok.body().path("agent_hops").asInt()).isEqualTo(1);
        Response refused = http("RecordUsage").as(user).path("pid", pid).body(Map.of("llm_calls", 1, "tool_calls", 1)).send();
        assertProblem(refused, 429, "RESOURCE_EXHAUSTED", null);
        assertThat(refused.body().path("detail").asText()).contains("llm_calls 2 + 1 > 2");
        assertProblem(http("RecordUsage").as(user).path("pid", pid).body(Map.of("llm_calls", -5)).send(),
                400, "INVALID_ARGUMENT", "llm_calls");
        assertProblem(http("RecordUsage").as(user).path("pid", pid).body(Map.of("tokens_in", -100)).send(),
                400, "INVALID_ARGUMENT", "tokens_in");
        Response overflow = http("RecordUsage").as(user).path("pid", pid).body(Map.of("tool_calls", 3_000_000_000L)).send();
        assertProblem(overflow, 400, "INVALID_ARGUMENT", "tool_calls");
        assertThat(overflow.body().path("detail").asText()).contains("exceeds i32 range");
        assertProblem(http("RecordUsage").as(user).path("pid", pid).body("{\"tokens_out\": 9223372036854775808}").send(),
                400, "INVALID_ARGUMENT", "tokens_out");
        assertProblem(http("RecordUsage").as(user).path("pid", pid).body("{\"tool_calls\": 1.5}").send(),
                400, "INVALID_ARGUMENT", "tool_calls");
        assertProblem(http("RecordUsage").as(user).path("pid", pid).body(Map.of("tool_calls", "1")).send(),
                400, "INVALID_ARGUMENT", "tool_calls");
        assertProblem(http("RecordUsage").as(user).path("pid", pid).body(Map.of("tool_call", 1)).send(),
                400, "INVALID_ARGUMENT", "tool_call");
        JsonNode usage = http("GetProcess").as(user).path("pid", pid).send().body().path("usage");
        assertThat(usage.path("llm_calls").asInt()).isEqualTo(2);
        assertThat(usage.path("tool_calls").asInt()).as("nothing recorded by refused or bad requests").isZero();
        JsonNode quota = http("CheckQuota").as(user).path("pid", pid).send().body();
        assertThat(quota.path("within_bounds").asBoolean()).isTrue();
        assertThat(quota.path("exceeded_reason").asText()).isEmpty();
        assertThat(quota.path("remaining").path("llm_calls").asInt()).isZero();
        assertThat(quota.path("remaining").path("tool_calls").asInt()).isEqualTo(50);
    }

    @Test
    void badQuotasAndBadBodiesWriteNothing() {
        String pid = pid();
        Response big = create(pid, Map.of("pid", pid, "quota", Map.of("max_llm_calls", 3_000_000_000L)));
        assertProblem(big, 400, "INVALID_ARGUMENT", "quota.max_llm_calls");
        assertProblem(create(pid, Map.of("pid", pid, "quota", Map.of("timeout_seconds", -1))),
                400, "INVALID_ARGUMENT", "quota.timeout_seconds");
        assertProblem(create(pid, Map.of("pid", pid, "priority", "urgent")), 400, "INVALID_ARGUMENT", "priority");
        assertProblem(create(pid, Map.of("pid", 42)), 400, "INVALID_ARGUMENT", "pid");
        assertProblem(create(pid, Map.of("pid", "")), 400, "INVALID_ARGUMENT", "pid");
        assertProblem(create(pid, Map.of()), 400, "INVALID_ARGUMENT", "pid");
        assertProblem(create(pid, Map.of("pid", pid, "quota", 7)), 400, "INVALID_ARGUMENT", "quota");
        assertProblem(create(pid, "{\"pid\": \"" + pid + "\""), 400, "INVALID_ARGUMENT", null);
        assertProblem(create(pid, "[1,2]"), 400, "INVALID_ARGUMENT", null);
        assertProblem(create(pid, "{\"pid\":\"a\",\"pid\":\"b\"}"), 400, "INVALID_ARGUMENT", null);
        assertProblem(http("GetProcess").as(user).path("pid", pid).send(), 404, "NOT_FOUND", null);
    }

    @Test
    void bodiesOverOneMebibyteAreRefusedAndExactlyOneIsAccepted() {
        String pid = created();
        String json = "{\"new_state\":\"TERMINATED\",\"reason\":\"done\"}";
        String exactly = json + " ".repeat((1 << 20) - json.length());
        assertThat(exactly.length()).isEqualTo(1 << 20);
        Response tooBig = http("TransitionState").as(user).path("pid", pid).body(exactly + " ").send();
        assertProblem(tooBig, 413, "PAYLOAD_TOO_LARGE", null);
        assertThat(http("GetProcess").as(user).path("pid", pid).send().body().path("state").asText()).isEqualTo("READY");
        Response ok = http("TransitionState").as(user).path("pid", pid).body(exactly).send();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("state").asText()).isEqualTo("TERMINATED");
    }

    @Test
    void oversizedTextIsAClientError() {
        String pid = created();
        assertProblem(http("TransitionState").as(user).path("pid", pid)
                .body(Map.of("new_state", "BLOCKED", "reason", "x".repeat(1025))).send(), 400, "INVALID_ARGUMENT", "reason");
        assertProblem(http("CreateInterrupt").as(user).body(Map.of("kind", "checkpoint", "session_id", "s",
                "data", Map.of("blob", "x".repeat(70_000)))).send(), 400, "INVALID_ARGUMENT", "data");
        assertProblem(http("CreateInterrupt").as(user).body(Map.of("kind", "checkpoint", "session_id", "s",
                "question", "x".repeat(20_000))).send(), 400, "INVALID_ARGUMENT", "question");
        assertThat(http("GetProcess").as(user).path("pid", pid).send().body().path("state").asText()).isEqualTo("READY");
    }

    @Test
    void listingPaginatesFiltersAndValidates() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            mine.add(created());
        }
        http("TerminateProcess").as(user).path("pid", mine.iterator().next()).send();
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            var req = http("ListProcesses").as(user).query("limit", "2");
            if (token != null) {
                req.query("next_token", token);
            }
            JsonNode page = req.send().body();
            assertThat(page.path("processes").size()).isLessThanOrEqualTo(2);
            page.path("processes").forEach(p -> seen.add(p.path("pid").asText()));
            token = page.path("next_token").isNull() ? null : page.path("next_token").asText();
            pages++;
        } while (token != null);
        assertThat(seen).isEqualTo(mine);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        JsonNode ready = http("ListProcesses").as(user).query("state", "ready").send().body();
        assertThat(ready.path("processes").size()).isEqualTo(4);
        assertProblem(http("ListProcesses").as(user).query("state", "bogus").send(), 400, "INVALID_ARGUMENT", "state");
        assertProblem(http("ListProcesses").as(user).query("limit", "abc").send(), 400, "INVALID_ARGUMENT", "limit");
        assertProblem(http("ListProcesses").as(user).query("limit", "0").send(), 400, "INVALID_ARGUMENT", "limit");
        assertProblem(http("ListProcesses").as(user).query("next_token", "garbage").send(), 400, "INVALID_ARGUMENT",
                "next_token");
        assertProblem(http("ListProcesses").as(user).query("user_id", other).send(), 403, "PERMISSION_DENIED", "user_id");
        JsonNode counts = http("GetProcessCounts").as(user).send().body();
        assertThat(counts.path("total").asInt()).isEqualTo(5);
        assertThat(counts.path("counts_by_state").path("READY").asInt()).isEqualTo(4);
        assertThat(counts.path("counts_by_state").path("TERMINATED").asInt()).isEqualTo(1);
        assertThat(counts.path("counts_by_state").size()).isEqualTo(7);
        assertThat(counts.path("queue_depth").asInt()).isEqualTo(4);
    }

    @Test
    void rateLimitedCreatesAnswer429WithRetryAfter() {
        for (int i = 0; i < 10; i++) {
            created();
        }
        Response r = create(pid(), Map.of("pid", pid()));
        assertProblem(r, 429, "RESOURCE_EXHAUSTED", null);
        assertThat(r.headers()).containsKey("retry-after");
        long retry = Long.parseLong(r.headers().get("retry-after"));
        assertThat(retry).isBetween(1L, 11L);
        assertThat(r.body().path("retry_after_seconds").asLong()).isEqualTo(retry);
        JsonNode check = http("CheckRateLimit").as(user).body(Map.of("record", false)).send().body();
        assertThat(check.path("allowed").asBoolean()).isFalse();
        assertThat(check.path("limit_type").asText()).isEqualTo("burst");
        assertThat(check.path("limit").asInt()).isEqualTo(10);
        assertThat(check.path("window_seconds").asInt()).isEqualTo(10);
        assertThat(check.path("current_count").asInt()).isEqualTo(10);
        assertThat(check.path("remaining").asInt()).isZero();
        JsonNode fresh = http("CheckRateLimit").as(other).body(Map.of()).send().body();
        assertThat(fresh.path("allowed").asBoolean()).isTrue();
        assertThat(fresh.path("remaining").asInt()).isEqualTo(9);
        assertProblem(http("CheckRateLimit").as(other).body(Map.of("user_id", user)).send(), 403, "PERMISSION_DENIED",
                "user_id");
    }

    @Test
    void quotaDefaultsAndRateLimitSettingsAreForAdmins() {
        assertProblem(http("GetQuotaDefaults").as(user).send(), 403, "PERMISSION_DENIED", null);
        JsonNode defaults = http("GetQuotaDefaults").as("root", Caller.SCOPE_ADMIN).send().body();
        assertThat(defaults.size()).isEqualTo(14);
        assertProblem(http("SetQuotaDefaults").as(user).body(Map.of("quota", Map.of("max_llm_calls", 1))).send(),
                403, "PERMISSION_DENIED", null);
        assertProblem(http("SetQuotaDefaults").as("root", Caller.SCOPE_ADMIN).body(Map.of("quota", Map.of("max_llm_calls", -1)))
                .send(), 400, "INVALID_ARGUMENT", "quota.max_llm_calls");
        assertProblem(http("GetRateLimitDefaults").as(user).send(), 403, "PERMISSION_DENIED", null);
        JsonNode limits = http("SetUserRateLimits").as("root", Caller.SCOPE_ADMIN).path("user_id", user)
                .body(Map.of("limits", Map.of("burst_size", 1))).send().body();
        assertThat(limits.path("effective").path("burst_size").asInt()).isEqualTo(1);
        assertThat(limits.path("override").path("burst_size").asInt()).isEqualTo(1);
        assertThat(limits.path("effective").path("requests_per_minute").asInt()).isEqualTo(60);
        created();
        assertThat(create(pid(), Map.of("pid", pid())).status()).isEqualTo(429);
        assertThat(http("DeleteUserRateLimits").as("root", Caller.SCOPE_ADMIN).path("user_id", user).send().status())
                .isEqualTo(200);
        assertProblem(http("DeleteUserRateLimits").as("root", Caller.SCOPE_ADMIN).path("user_id", user).send(),
                404, "NOT_FOUND", null);
    }

    @Test
    void systemStatusIsForOperators() {
        created();
        assertProblem(http("GetSystemStatus").as(user).send(), 403, "PERMISSION_DENIED", null);
        JsonNode s = http("GetSystemStatus").as("ops", Caller.SCOPE_WORKER).send().body();
        assertThat(s.path("processes").path("total").asLong()).isPositive();
        assertThat(s.path("processes").path("by_state").size()).isEqualTo(7);
        assertThat(s.path("scheduler").has("queue_depth")).isTrue();
        assertThat(s.path("orchestration").path("active_sessions").asLong()).isPositive();
        assertThat(s.path("interrupts").has("pending")).isTrue();
    }

    @Test
    void interruptsOverHttp() {
        String session = "s-" + UUID.randomUUID();
        Response c = http("CreateInterrupt").as(user).body(Map.of("kind", "confirmation", "session_id", session,
                "request_id", "r1", "message", "Deploy?", "data", Map.of("target", "prod"))).send();
        assertThat(c.status()).isEqualTo(201);
        String id = c.body().path("id").asText();
        assertThat(c.body().path("status").asText()).isEqualTo("pending");
        assertThat(c.body().path("kind").asText()).isEqualTo("confirmation");
        assertThat(c.body().path("data").path("target").asText()).isEqualTo("prod");
        assertThat(c.body().path("resolved_at").isNull()).isTrue();
        http("CreateInterrupt").as(user).body(Map.of("kind", "clarification", "session_id", session, "question", "Which?")).send();
        JsonNode pending = http("GetPendingForSession").as(user).path("session_id", session).send().body();
        assertThat(pending.path("interrupts").size()).isEqualTo(2);
        JsonNode onlyConfirm = http("GetPendingForSession").as(user).path("session_id", session)
                .query("kinds", "confirmation").send().body();
        assertThat(onlyConfirm.path("interrupts").size()).isEqualTo(1);
        assertProblem(http("GetPendingForSession").as(user).path("session_id", session).query("kinds", "nope").send(),
                400, "INVALID_ARGUMENT", "kinds");
        assertThat(http("GetPendingForSession").as(other).path("session_id", session).send().body().path("interrupts").size())
                .isZero();
        assertProblem(http("GetInterrupt").as(other).path("interrupt_id", id).send(), 404, "NOT_FOUND", null);
        assertProblem(http("ResolveInterrupt").as(user).path("interrupt_id", id).body(Map.of("response", Map.of("text", "y")))
                .send(), 400, "INVALID_ARGUMENT", "response.approved");
        Response resolved = http("ResolveInterrupt").as(user).path("interrupt_id", id)
                .body(Map.of("response", Map.of("approved", true, "received_at", "2020-01-01T00:00:00Z"))).send();
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.body().path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.body().path("response").path("approved").asBoolean()).isTrue();
        assertThat(resolved.body().path("response").path("received_at").asText()).doesNotStartWith("2020");
        assertProblem(http("ResolveInterrupt").as(user).path("interrupt_id", id)
                .body(Map.of("response", Map.of("approved", true))).send(), 409, "FAILED_PRECONDITION", null);
        assertProblem(http("CancelInterrupt").as(user).path("interrupt_id", id).send(), 409, "FAILED_PRECONDITION", null);
        assertProblem(http("CreateInterrupt").as(user).body(Map.of("kind", "panic", "session_id", session)).send(),
                400, "INVALID_ARGUMENT", "kind");
        assertProblem(http("CreateInterrupt").as(user).body(Map.of("kind", "checkpoint")).send(),
                400, "INVALID_ARGUMENT", "session_id");
        assertProblem(http("CreateInterrupt").as(user).body(Map.of("kind", "checkpoint", "session_id", session,
                "data", List.of(1))).send(), 400, "INVALID_ARGUMENT", "data");
    }

    @Test
    void pathAndBodyMustAgree() {
        String pid = created();
        assertProblem(http("TransitionState").as(user).path("pid", pid)
                .body(Map.of("pid", "someone-else", "new_state", "RUNNING")).send(), 400, "INVALID_ARGUMENT", "pid");
    }
}
