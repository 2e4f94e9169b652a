package io.jeeves.functions;

import static io.jeeves.testing.Functions.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.error.NotFoundException;
import io.jeeves.testing.Functions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Direct invocations (Step Functions, other functions): the payload is the RPC body, errors are typed. */
class DirectInvocationTest {

    @Test
    void directCallsUseTheRpcBodyAndReturnTheReply() {
        String pid = "d-" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        JsonNode p = direct("CreateProcess", Map.of("pid", pid, "user_id", user));
        assertThat(p.path("state").asText()).isEqualTo("READY");
        assertThat(p.path("user_id").asText()).isEqualTo(user);
        assertThat(direct("GetProcess", Map.of("pid", pid)).path("pid").asText()).isEqualTo(pid);
        JsonNode usage = direct("RecordUsage", Map.of("pid", pid, "llm_calls", 1, "tokens_out", 7));
        assertThat(usage.path("tokens_out").asInt()).isEqualTo(7);
        assertThat(direct("TransitionState", Map.of("pid", pid, "new_state", "RUNNING")).path("state").asText())
                .isEqualTo("RUNNING");
    }

    @Test
    void aSystemCallerWithoutAUserCreatesForAnonymous() {
        JsonNode p = direct("CreateProcess", Map.of("pid", "d-" + UUID.randomUUID()));
        assertThat(p.path("user_id").asText()).isEqualTo("anonymous");
    }

    @Test
    void failuresAreTypedLambdaErrors() {
        assertThatThrownBy(() -> direct("GetProcess", Map.of("pid", "missing-" + UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> direct("GetProcess", Map.of()))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("pid"));
        String pid = "d-" + UUID.randomUUID();
        direct("CreateProcess", Map.of("pid", pid));
        assertThatThrownBy(() -> direct("ScheduleProcess", Map.of("pid", pid))).isInstanceOf(FailedPreconditionException.class);
        assertThatThrownBy(() -> Functions.invokeRaw("GetProcess", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Functions.invokeRaw("GetProcess", "[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void cleanupRunsOnSchedule() {
        JsonNode report = direct("Cleanup", Map.of("source", "aws.events", "detail-type", "Scheduled Event"));
        assertThat(report.has("processes_reaped")).isTrue();
        assertThat(report.path("completed_at").asText()).endsWith("Z");
    }
}
