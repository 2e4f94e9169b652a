package io.jeeves.functions.views;

import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactSummary;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveTransition;
import io.jeeves.governance.execution.ExecutionRun;
import io.jeeves.kernel.store.Page;
import java.util.List;
import java.util.Map;

/**
 * The reply shapes of the governance routes (snake_case on the wire, ISO-8601 UTC times). Storage items are
 * never returned as they are: each view names what a client may see.
 */
public final class GovernanceViews {
    private GovernanceViews() {
    }

    public record DirectiveInfo(String directiveId, String owner, String role, String type, Map<String, Object> payload,
            String status, String reason, String issuedBy, String objective, String scope, List<String> constraints,
            List<String> successMetrics, String budget, String timebox, String createdAt, String updatedAt, long version) {
    }

    public static DirectiveInfo directive(Directive d) {
        return new DirectiveInfo(d.id(), d.owner(), d.role(), d.type(), d.payload(), d.status().wireName(), d.reason(),
                d.issuedBy(), d.objective(), d.scope(), d.constraints(), d.successMetrics(), d.budget(),
                d.timebox() == null ? null : d.timebox().toString(), Views.iso(d.createdAt()), Views.iso(d.updatedAt()),
                d.version());
    }

    public record DirectiveList(List<DirectiveInfo> directives, String nextToken) {
    }

    public static DirectiveList directives(Page<Directive> page) {
        return new DirectiveList(page.items().stream().map(GovernanceViews::directive).toList(), page.nextToken());
    }

    /** What the memory reader tells of a directive: no payload. */
    public record DirectiveSummary(String directiveId, String role, String type, String status, String objective,
            String budget, String updatedAt) {
    }

    public static DirectiveSummary summary(Directive d) {
        return new DirectiveSummary(d.id(), d.role(), d.type(), d.status().wireName(), d.objective(), d.budget(),
                Views.iso(d.updatedAt()));
    }

    public record TransitionInfo(String from, String to, String actor, String at, String reason, long version) {
    }

    public static TransitionInfo transition(DirectiveTransition t) {
        return new TransitionInfo(t.from() == null ? null : t.from().wireName(), t.to().wireName(), t.actor(),
                Views.iso(t.at()), t.reason(), t.version());
    }

    public record RunErrorInfo(String type, String message) {
    }

    public record RunInfo(String runId, String directiveId, String status, String module, long attempts,
            RunErrorInfo error, Map<String, Object> result, String executionArn, String createdAt, String startedAt,
            String endedAt, String updatedAt) {
    }

    public static RunInfo run(ExecutionRun r) {
        return new RunInfo(r.id(), r.directiveId(), r.status().wireName(), r.module(), r.attempts(),
                r.error() == null ? null : new RunErrorInfo(r.error().type(), r.error().message()), r.result(),
                r.executionArn(), Views.iso(r.createdAt()), Views.iso(r.startedAt()), Views.iso(r.endedAt()),
                Views.iso(r.updatedAt()));
    }

    public record RunList(List<RunInfo> executions) {
    }

    public static RunList runs(List<ExecutionRun> runs) {
        return new RunList(runs.stream().map(GovernanceViews::run).toList());
    }

    /** What the memory reader tells of a run: no result. */
    public record RunSummary(String runId, String directiveId, String status, String module, String errorType,
            String startedAt, String endedAt) {
    }

    public record RunSummaries(List<RunSummary> executions) {
    }

    public static RunSummaries runSummaries(List<ExecutionRun> runs) {
        return new RunSummaries(runs.stream().map(r -> new RunSummary(r.id(), r.directiveId(), r.status().wireName(),
                r.module(), r.error() == null ? null : r.error().type(), Views.iso(r.startedAt()), Views.iso(r.endedAt())))
                .toList());
    }

    public record ArtifactInfo(String artifactId, String type, String owner, String directiveId, String runId,
            String processId, String contentType, long size, String sha256, String createdAt, String uri,
            String placement) {
    }

    public static ArtifactInfo artifact(Artifact a) {
        return new ArtifactInfo(a.id(), a.type().name(), a.owner(), a.directiveId(), a.runId(), a.processId(),
                a.contentType(), a.size(), a.sha256(), Views.iso(a.createdAt()), a.uri(), a.placement().name().toLowerCase(
                        java.util.Locale.ROOT));
    }

    public record ArtifactList(List<ArtifactInfo> artifacts, String nextToken) {
    }

    public static ArtifactList artifacts(Page<Artifact> page) {
        return new ArtifactList(page.items().stream().map(GovernanceViews::artifact).toList(), page.nextToken());
    }

    public record ArtifactSummaryInfo(String artifactId, String type, String directiveId, String runId, long size,
            String contentType, String createdAt, String uri) {
    }

    public record ArtifactSummaries(List<ArtifactSummaryInfo> artifacts) {
    }

    public static ArtifactSummaries artifactSummaries(List<ArtifactSummary> summaries) {
        return new ArtifactSummaries(summaries.stream().map(s -> new ArtifactSummaryInfo(s.id(), s.type().name(),
                s.directiveId(), s.runId(), s.size(), s.contentType(), Views.iso(s.createdAt()), s.uri())).toList());
    }
}
