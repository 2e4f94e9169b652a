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

import io.jeeves.error.ErrorCode;
import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.InvalidArgumentException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectiveLifecycleTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private Directive in(DirectiveStatus status) {
        return new Directive("dir_1", "alice", "cto", "noop", Map.of(), status, "", "alice", "Ship it", null, List.of(),
                List.of(), "$50", null, t0, t0, 3L);
    }

    @Test
    void theTableIsExactlyTheIssuesTable() {
        assertThat(DirectiveLifecycle.targets(DRAFT)).containsExactly(PROPOSED);
        assertThat(DirectiveLifecycle.targets(PROPOSED)).containsExactlyInAnyOrder(APPROVED, BLOCKED);
        assertThat(DirectiveLifecycle.targets(APPROVED)).containsExactlyInAnyOrder(EXECUTING, BLOCKED);
        assertThat(DirectiveLifecycle.targets(EXECUTING)).containsExactlyInAnyOrder(COMPLETE, ABORTED);
        assertThat(DirectiveLifecycle.targets(BLOCKED)).containsExactly(PROPOSED);
        assertThat(DirectiveLifecycle.targets(COMPLETE)).isEmpty();
        assertThat(DirectiveLifecycle.targets(ABORTED)).isEmpty();
        int allowed = 0;
        for (DirectiveStatus from : DirectiveStatus.values()) {
            for (DirectiveStatus to : DirectiveStatus.values()) {
                allowed += DirectiveLifecycle.allows(from, to) ? 1 : 0;
            }
        }
        assertThat(allowed).as("eight moves in all, no self-loops").isEqualTo(8);
        assertThatThrownBy(() -> DirectiveLifecycle.targets(DRAFT).add(COMPLETE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void terminalStatusesAreThoseWithNoWayOut() {
        Set<DirectiveStatus> terminal = EnumSet.noneOf(DirectiveStatus.class);
        for (DirectiveStatus s : DirectiveStatus.values()) {
            if (s.isTerminal()) {
                terminal.add(s);
            }
            assertThat(s.isTerminal()).isEqualTo(DirectiveLifecycle.targets(s).isEmpty());
        }
        assertThat(terminal).containsExactlyInAnyOrder(COMPLETE, ABORTED);
    }

    @ParameterizedTest
    @CsvSource({"DRAFT,PROPOSED", "PROPOSED,APPROVED", "PROPOSED,BLOCKED", "APPROVED,EXECUTING", "APPROVED,BLOCKED",
            "EXECUTING,COMPLETE", "EXECUTING,ABORTED", "BLOCKED,PROPOSED"})
    void everyAllowedMoveChangesStatusReasonAndUpdatedAtOnly(DirectiveStatus from, DirectiveStatus to) {
        Directive before = in(from);
        Directive after = DirectiveLifecycle.transition(before, to, "why", t0.plusSeconds(7));
        assertThat(after.status()).isEqualTo(to);
        assertThat(after.reason()).isEqualTo("why");
        assertThat(after.updatedAt()).isEqualTo(t0.plusSeconds(7));
        assertThat(after.version()).as("the store bumps the version").isEqualTo(3L);
        assertThat(new Directive(after.id(), after.owner(), after.role(), after.type(), after.payload(), from, "",
                after.issuedBy(), after.objective(), after.scope(), after.constraints(), after.successMetrics(),
                after.budget(), after.timebox(), after.createdAt(), t0, after.version())).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({"DRAFT,APPROVED", "DRAFT,EXECUTING", "DRAFT,BLOCKED", "PROPOSED,EXECUTING", "PROPOSED,COMPLETE",
            "APPROVED,COMPLETE", "APPROVED,ABORTED", "APPROVED,PROPOSED", "EXECUTING,BLOCKED", "EXECUTING,PROPOSED",
            "BLOCKED,APPROVED", "BLOCKED,ABORTED", "COMPLETE,PROPOSED", "COMPLETE,ABORTED", "ABORTED,PROPOSED",
            "ABORTED,EXECUTING", "PROPOSED,PROPOSED", "COMPLETE,COMPLETE", "PROPOSED,DRAFT"})
    void otherMovesAreRefusedNamingTheCurrentStatus(DirectiveStatus from, DirectiveStatus to) {
        assertThatThrownBy(() -> DirectiveLifecycle.transition(in(from), to, "", t0))
                .isInstanceOfSatisfying(FailedPreconditionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
                    assertThat(e.field()).isEqualTo("status");
                })
                .hasMessageContaining("current status is " + from.wireName())
                .hasMessageContaining("from " + from.wireName() + " to " + to.wireName());
    }

    @Test
    void theAuditEntryDescribesTheMoveAndTheVersionItProduces() {
        Directive before = in(PROPOSED);
        Directive after = DirectiveLifecycle.transition(before, BLOCKED, "budget over ceiling", t0.plusSeconds(2));
        assertThat(DirectiveLifecycle.entry(before, after, "system")).isEqualTo(new DirectiveTransition("dir_1", 4L,
                PROPOSED, BLOCKED, "system", t0.plusSeconds(2), "budget over ceiling"));
        assertThat(DirectiveLifecycle.transition(before, BLOCKED, null, t0).reason()).isEmpty();
    }

    @Test
    void statusesHaveLowerCaseWireNamesAndParseCaseInsensitively() {
        assertThat(DirectiveStatus.values()).extracting(DirectiveStatus::wireName).containsExactly("draft", "proposed",
                "approved", "executing", "complete", "blocked", "aborted");
        assertThat(DirectiveStatus.parse(" Approved ", "status")).isEqualTo(APPROVED);
        for (DirectiveStatus s : DirectiveStatus.values()) {
            assertThat(DirectiveStatus.parse(s.wireName(), "status")).isEqualTo(s);
        }
        assertThatThrownBy(() -> DirectiveStatus.parse("done", "status"))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("status"))
                .hasMessageContaining("Invalid directive status: done").hasMessageContaining("executing");
        assertThatThrownBy(() -> DirectiveStatus.parse(null, "filter.status"))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("filter.status"));
    }
}
