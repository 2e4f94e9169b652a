package io.jeeves.catalog;

import static io.jeeves.catalog.TableSpec.n;
import static io.jeeves.catalog.TableSpec.s;

import io.jeeves.catalog.FunctionSpec.Access;
import io.jeeves.kernel.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every function, route and table of Jeeves, in one place. The CDK app deploys exactly this, the local
 * stack serves exactly this, and tests check the OpenAPI document and the sample events against it.
 */
public final class Catalog {
    public static final String PROCESSES = "processes";
    public static final String INTERRUPTS = "interrupts";
    public static final String RATE_LIMITS = "ratelimits";
    public static final String SETTINGS = "settings";
    public static final String SESSIONS = "sessions";
    public static final String DIRECTIVES = "directives";
    public static final String RUNS = "runs";
    public static final String IDEMPOTENCY = "idempotency";
    /** The artifacts' metadata (and inline content); large content is in the bucket {@link #ARTIFACTS}. */
    public static final String ARTIFACTS_TABLE = "artifacts";
    /** Usage reserved by LLM calls until they settle. */
    public static final String RESERVATIONS = "reservations";
    /** Semantic memory: embedded documents, one partition per owner. */
    public static final String VECTORS = "vectors";

    /** The TTL attribute of every table (epoch seconds), a backstop for the cleanup function. */
    public static final String TTL = "ttl";

    private static final String KERNEL = "io.jeeves.functions.kernel.";
    private static final String INTERRUPT = "io.jeeves.functions.interrupt.";
    private static final String OPS = "io.jeeves.functions.ops.";
    private static final String GOVERNANCE = "io.jeeves.functions.governance.";
    private static final String LLM = "io.jeeves.functions.llm.";
    private static final String MEMORY = "io.jeeves.functions.memory.";
    private static final List<String> ADMIN = List.of(Caller.SCOPE_ADMIN);
    private static final List<String> WORKER = List.of(Caller.SCOPE_WORKER, Caller.SCOPE_ADMIN);
    private static final List<String> ANY = List.of();

    private static final List<TableSpec> TABLES = List.of(
            new TableSpec(PROCESSES, s("pid"), null, List.of(
                    new TableSpec.Index("ready-index", s("ready_pk"), s("ready_key")),
                    new TableSpec.Index("state-index", s("state"), n("state_changed_at")),
                    new TableSpec.Index("user-index", s("user_id"), n("created_at"))), TTL),
            new TableSpec(INTERRUPTS, s("interrupt_id"), null, List.of(
                    new TableSpec.Index("session-index", s("session_id"), n("created_at")),
                    new TableSpec.Index("status-index", s("status"), n("created_at")),
                    new TableSpec.Index("expiry-index", s("pending_pk"), n("expires_at"))), TTL),
            new TableSpec(RATE_LIMITS, s("user_id"), null, List.of(), TTL),
            new TableSpec(SETTINGS, s("key"), null, List.of(), null),
            new TableSpec(SESSIONS, s("user_id"), s("session_id"), List.of(
                    new TableSpec.Index("activity-index", s("kind"), n("last_activity_at"))), TTL),
            // a directive's head ("head") and its audit trail ("t#" + version) share a partition; only heads
            // carry created_key, so the three indexes are sparse: all, by owner, by owner and role
            new TableSpec(DIRECTIVES, s("directive_id"), s("item"), List.of(
                    new TableSpec.Index("created-index", s("item"), s("created_key")),
                    new TableSpec.Index("owner-index", s("owner"), s("created_key")),
                    new TableSpec.Index("role-index", s("owner_role"), s("created_key"))), null),
            // created_key is the creation time, then the run id: unique, newest first with ScanIndexForward=false
            new TableSpec(RUNS, s("run_id"), null, List.of(
                    new TableSpec.Index("directive-index", s("directive_id"), s("created_key")),
                    new TableSpec.Index("owner-index", s("owner"), s("created_key"))), null),
            // expiry is enforced by the stores' conditions; TTL only removes what has long stopped counting
            new TableSpec(IDEMPOTENCY, s("idempotency_key"), null, List.of(), TTL),
            // immutable, never collected (no TTL); every index sorts by created_key (creation time, then id) and
            // holds every artifact, except directive-index which holds only those linked to a directive
            new TableSpec(ARTIFACTS_TABLE, s("artifact_id"), null, List.of(
                    new TableSpec.Index("created-index", s("all_pk"), s("created_key")),
                    new TableSpec.Index("owner-index", s("owner"), s("created_key")),
                    new TableSpec.Index("owner-type-index", s("owner_type"), s("created_key")),
                    new TableSpec.Index("type-index", s("type"), s("created_key")),
                    new TableSpec.Index("directive-index", s("directive_id"), s("created_key"))), null),
            // one item per LLM call; settled ones expire a week later (TTL), open ones stay charged
            new TableSpec(RESERVATIONS, s("call_id"), null, List.of(), TTL),
            new TableSpec(VECTORS, s("collection"), s("item_id"), List.of(), null));

    private static final List<FunctionSpec> FUNCTIONS = build();

    public static final String CAPABILITY_TASKS = "capability-tasks";
    public static final String CAPABILITY_TASKS_DLQ = "capability-tasks-dlq";
    public static final String ARTIFACTS = "artifacts";

    private static final List<QueueSpec> QUEUES = List.of(
            new QueueSpec(CAPABILITY_TASKS, "Capability tasks handed to workers; each carries a task token",
                    300, 4 * 24 * 3600, CAPABILITY_TASKS_DLQ, 5),
            new QueueSpec(CAPABILITY_TASKS_DLQ, "Capability tasks that no worker could process", 300, 14 * 24 * 3600,
                    null, 0));

    private static final List<BucketSpec> BUCKETS = List.of(
            new BucketSpec(ARTIFACTS, "Immutable artifacts too large to keep inline"));

    /** Event-source mappings (queue to function); none of the kernel's functions consumes a queue yet. */
    private static final List<EventSourceSpec> EVENT_SOURCES = List.of();

    /** The governance flows (ADR 011). */
    public static final String APPROVAL = "approval";
    public static final String EXECUTION = "execution";

    private static final List<StateMachineSpec> STATE_MACHINES = List.of(
            new StateMachineSpec("process-task", "process-task.asl.json", "STANDARD",
                    "Runs one capability task as a kernel process, handed to a worker over SQS"),
            new StateMachineSpec(APPROVAL, "approval.asl.json", "STANDARD",
                    "The policy gate and human approval of one proposal of a directive"),
            new StateMachineSpec(EXECUTION, "execution.asl.json", "STANDARD",
                    "Executes one approved directive: its run, its module once, its artifacts"));

    private Catalog() {
    }

    private static List<FunctionSpec> build() {
        List<FunctionSpec> f = new ArrayList<>();
        Map<String, Access> processesRead = Map.of(PROCESSES, Access.READ);
        Map<String, Access> processesWrite = Map.of(PROCESSES, Access.WRITE);
        f.add(fn("CreateProcess", KERNEL, "Create a process (rate-limited) and schedule it",
                route("POST", "/v1/processes", ANY, 201),
                tables(PROCESSES, Access.WRITE, SESSIONS, Access.WRITE, RATE_LIMITS, Access.WRITE, SETTINGS, Access.READ)));
        f.add(fn("GetProcess", KERNEL, "Read a process", route("GET", "/v1/processes/{pid}", ANY, 200), processesRead));
        f.add(fn("ScheduleProcess", KERNEL, "Move a NEW process to READY",
                route("POST", "/v1/processes/{pid}/schedule", ANY, 200), processesWrite));
        f.add(fn("GetNextRunnable", KERNEL, "Claim the next runnable process (priority, then FIFO)",
                route("POST", "/v1/scheduler/next", WORKER, 200), processesWrite));
        f.add(fn("TransitionState", KERNEL, "Move a process to another state",
                route("POST", "/v1/processes/{pid}/transition", ANY, 200), processesWrite));
        f.add(fn("TerminateProcess", KERNEL, "Terminate a process (idempotent)",
                route("POST", "/v1/processes/{pid}/terminate", ANY, 200), processesWrite));
        f.add(fn("CheckQuota", KERNEL, "Check a process against its quota",
                route("GET", "/v1/processes/{pid}/quota", ANY, 200), processesRead));
        f.add(fn("RecordUsage", KERNEL, "Record usage, refused atomically past the quota",
                route("POST", "/v1/processes/{pid}/usage", ANY, 200), processesWrite));
        f.add(fn("CheckRateLimit", KERNEL, "Check (and record) a request against a user's rate limits",
                route("POST", "/v1/rate-limit/check", ANY, 200),
                tables(RATE_LIMITS, Access.WRITE, SETTINGS, Access.READ)));
        f.add(fn("ListProcesses", KERNEL, "List processes, filtered and paginated",
                route("GET", "/v1/processes", ANY, 200), processesRead));
        f.add(fn("GetProcessCounts", KERNEL, "Count processes by state",
                route("GET", "/v1/process-counts", ANY, 200), processesRead));
        f.add(fn("GetQuotaDefaults", KERNEL, "Read the default quota",
                route("GET", "/v1/quota-defaults", ADMIN, 200), Map.of(SETTINGS, Access.READ)));
        f.add(fn("SetQuotaDefaults", KERNEL, "Change the default quota",
                route("PUT", "/v1/quota-defaults", ADMIN, 200), Map.of(SETTINGS, Access.WRITE)));
        f.add(fn("GetSystemStatus", KERNEL, "Operator view: processes, sessions, interrupts",
                route("GET", "/v1/system/status", WORKER, 200),
                tables(PROCESSES, Access.READ, SESSIONS, Access.READ, INTERRUPTS, Access.READ)));

        Map<String, Access> interruptsRead = Map.of(INTERRUPTS, Access.READ);
        Map<String, Access> interruptsWrite = Map.of(INTERRUPTS, Access.WRITE);
        f.add(fn("CreateInterrupt", INTERRUPT, "Raise a human-in-the-loop interrupt",
                route("POST", "/v1/interrupts", ANY, 201), tables(INTERRUPTS, Access.WRITE, SESSIONS, Access.WRITE)));
        f.add(fn("GetInterrupt", INTERRUPT, "Read an interrupt",
                route("GET", "/v1/interrupts/{interrupt_id}", ANY, 200), interruptsRead));
        f.add(fn("ResolveInterrupt", INTERRUPT, "Answer a pending interrupt",
                route("POST", "/v1/interrupts/{interrupt_id}/resolve", ANY, 200), interruptsWrite));
        f.add(fn("CancelInterrupt", INTERRUPT, "Cancel a pending interrupt",
                route("POST", "/v1/interrupts/{interrupt_id}/cancel", ANY, 200), interruptsWrite));
        f.add(fn("GetPendingForSession", INTERRUPT, "A session's pending interrupts",
                route("GET", "/v1/sessions/{session_id}/interrupts", ANY, 200), interruptsRead));

        Map<String, Access> settingsRead = Map.of(SETTINGS, Access.READ);
        Map<String, Access> settingsWrite = Map.of(SETTINGS, Access.WRITE);
        f.add(fn("GetRateLimitDefaults", KERNEL, "Read the default rate limits",
                route("GET", "/v1/rate-limits/defaults", ADMIN, 200), settingsRead));
        f.add(fn("SetRateLimitDefaults", KERNEL, "Change the default rate limits",
                route("PUT", "/v1/rate-limits/defaults", ADMIN, 200), settingsWrite));
        f.add(fn("GetUserRateLimits", KERNEL, "Read a user's rate limits",
                route("GET", "/v1/rate-limits/users/{user_id}", ADMIN, 200), settingsRead));
        f.add(fn("SetUserRateLimits", KERNEL, "Override a user's rate limits",
                route("PUT", "/v1/rate-limits/users/{user_id}", ADMIN, 200), settingsWrite));
        f.add(fn("DeleteUserRateLimits", KERNEL, "Remove a user's rate-limit override",
                route("DELETE", "/v1/rate-limits/users/{user_id}", ADMIN, 200), settingsWrite));

        governance(f);
        llm(f);

        Map<String, Access> all = new LinkedHashMap<>();
        TABLES.forEach(t -> all.put(t.id(), Access.WRITE));
        all.remove(SETTINGS);
        all.remove(DIRECTIVES); // directives are kept: nothing to collect
        all.remove(RUNS); // runs are kept with their directives
        all.remove(IDEMPOTENCY); // expired records are replaced in place or removed by TTL
        all.remove(ARTIFACTS_TABLE); // artifacts are immutable and kept
        all.remove(RESERVATIONS); // settled reservations are removed by TTL; open ones must stay
        all.remove(VECTORS); // memory documents are kept
        f.add(new FunctionSpec("Cleanup", OPS + "CleanupHandler",
                "Collect terminated processes, stale sessions, old interrupts and idle rate windows",
                List.of(), Map.copyOf(all), "rate(5 minutes)"));
        return List.copyOf(f);
    }

    /** The control loop's routes and flow steps (ADR 011), each with the tables, bucket and flows it needs. */
    private static void governance(List<FunctionSpec> f) {
        Map<String, Access> none = Map.of();
        Map<String, Access> blobsRead = Map.of(ARTIFACTS, Access.READ);
        Map<String, Access> blobsWrite = Map.of(ARTIFACTS, Access.WRITE);
        Map<String, FunctionSpec.Flow> startApproval = Map.of(APPROVAL, FunctionSpec.Flow.START);
        Map<String, Access> directivesRead = Map.of(DIRECTIVES, Access.READ);
        Map<String, Access> directivesWrite = Map.of(DIRECTIVES, Access.WRITE);
        f.add(gov("CreateDirective", "Create a directive (draft, or proposed: its approval flow starts)",
                route("POST", "/v1/directives", ANY, 201), directivesWrite, none, startApproval));
        f.add(gov("GetDirective", "Read a directive", route("GET", "/v1/directives/{directive_id}", ANY, 200),
                directivesRead, none, Map.of()));
        f.add(gov("ListDirectives", "List directives by role and status",
                route("GET", "/v1/directives", ANY, 200), directivesRead, none, Map.of()));
        f.add(gov("ProposeDirective", "Propose a directive: its approval flow starts",
                route("POST", "/v1/directives/{directive_id}/propose", ANY, 200), directivesWrite, none, startApproval));
        f.add(gov("RetryDirective", "Propose a blocked directive again",
                route("POST", "/v1/directives/{directive_id}/retry", ANY, 200), directivesWrite, none, startApproval));
        f.add(gov("DecideApproval", "A person approves or rejects a directive waiting for approval",
                route("POST", "/v1/directives/{directive_id}/approval", ADMIN, 202), directivesWrite, none,
                Map.of(APPROVAL, FunctionSpec.Flow.CONTROL)));
        f.add(gov("GetDirectiveHistory", "A directive's transitions and flows",
                route("GET", "/v1/directives/{directive_id}/history", ANY, 200),
                tables(DIRECTIVES, Access.READ, RUNS, Access.READ), none, Map.of()));
        f.add(gov("ListDirectiveExecutions", "A directive's runs",
                route("GET", "/v1/directives/{directive_id}/executions", ANY, 200),
                tables(DIRECTIVES, Access.READ, RUNS, Access.READ), none, Map.of()));
        f.add(gov("GetExecution", "Read a run", route("GET", "/v1/executions/{run_id}", ANY, 200),
                Map.of(RUNS, Access.READ), none, Map.of()));
        f.add(gov("CancelExecution", "Cancel a run: its execution stopped, the directive aborted",
                route("POST", "/v1/executions/{run_id}/cancel", ANY, 200),
                tables(DIRECTIVES, Access.WRITE, RUNS, Access.WRITE, ARTIFACTS_TABLE, Access.WRITE), blobsWrite,
                Map.of(EXECUTION, FunctionSpec.Flow.CONTROL)));
        f.add(gov("GetArtifact", "Read an artifact's metadata", route("GET", "/v1/artifacts/{artifact_id}", ANY, 200),
                Map.of(ARTIFACTS_TABLE, Access.READ), none, Map.of()));
        f.add(gov("GetArtifactContent", "Read an artifact's content",
                route("GET", "/v1/artifacts/{artifact_id}/content", ANY, 200), Map.of(ARTIFACTS_TABLE, Access.READ),
                blobsRead, Map.of()));
        f.add(gov("ListArtifacts", "List artifacts by type and directive", route("GET", "/v1/artifacts", ANY, 200),
                Map.of(ARTIFACTS_TABLE, Access.READ), none, Map.of()));
        f.add(gov("GetLatestDirective", "Memory: the latest directive of a role",
                route("GET", "/v1/memory/directives/latest", ANY, 200), directivesRead, none, Map.of()));
        f.add(gov("ListMemoryExecutions", "Memory: recent runs (summaries)",
                route("GET", "/v1/memory/executions", ANY, 200), Map.of(RUNS, Access.READ), none, Map.of()));
        f.add(gov("ListMemoryArtifacts", "Memory: recent artifacts (summaries)",
                route("GET", "/v1/memory/artifacts", ANY, 200), Map.of(ARTIFACTS_TABLE, Access.READ), none, Map.of()));
        // the flows' steps: invoked by Step Functions only (no route)
        f.add(gov("EvaluatePolicy", "Approval flow: evaluate the policy, store its artifact", null,
                tables(DIRECTIVES, Access.READ, ARTIFACTS_TABLE, Access.WRITE), blobsWrite, Map.of()));
        f.add(gov("AwaitApproval", "Approval flow: keep the task token while a person decides", null,
                directivesWrite, none, Map.of()));
        f.add(gov("TransitionDirective", "Approval flow: approve or block a directive", null, directivesWrite, none,
                Map.of()));
        f.add(gov("StartRun", "Execution flow: create the run, the directive executing", null,
                tables(DIRECTIVES, Access.WRITE, RUNS, Access.WRITE, ARTIFACTS_TABLE, Access.WRITE), blobsWrite, Map.of()));
        f.add(gov("ExecuteModule", "Execution flow: run the directive's module once", null,
                tables(DIRECTIVES, Access.READ, RUNS, Access.READ, IDEMPOTENCY, Access.WRITE, ARTIFACTS_TABLE,
                        Access.WRITE), blobsWrite, Map.of()));
        f.add(gov("FinishRun", "Execution flow: complete or fail the run and the directive", null,
                tables(DIRECTIVES, Access.WRITE, RUNS, Access.WRITE, IDEMPOTENCY, Access.WRITE, ARTIFACTS_TABLE,
                        Access.WRITE), blobsWrite, Map.of()));
    }

    /** The LLM gateway: every LLM call of every capability. */
    private static void llm(List<FunctionSpec> f) {
        f.add(new FunctionSpec("LlmCall", LLM + "LlmCallHandler",
                "An LLM call of a process: quota reserved first, the provider streamed, usage settled, artifacts written",
                List.of(route("POST", "/v1/processes/{pid}/llm", ANY, 200)),
                tables(PROCESSES, Access.WRITE, RESERVATIONS, Access.WRITE, ARTIFACTS_TABLE, Access.WRITE), null,
                Map.of(), Map.of(), java.util.Set.of(FunctionSpec.Grant.INVOKE_MODELS, FunctionSpec.Grant.READ_LLM_SECRETS)));
        java.util.Set<FunctionSpec.Grant> keys = java.util.Set.of(FunctionSpec.Grant.INVOKE_MODELS,
                FunctionSpec.Grant.READ_LLM_SECRETS); // embeddings: a Bedrock model, or a key for another provider
        f.add(new FunctionSpec("SearchMemory", MEMORY + "SearchMemoryHandler",
                "Semantic memory: the caller's most similar documents (exact cosine top-k; scores and summaries)",
                List.of(route("GET", "/v1/memory/search", ANY, 200)), Map.of(VECTORS, Access.READ), null, Map.of(),
                Map.of(), keys));
        f.add(new FunctionSpec("IndexMemory", MEMORY + "IndexMemoryHandler",
                "Semantic memory: embed a document into the caller's memory",
                List.of(route("POST", "/v1/memory/documents", ANY, 201)), Map.of(VECTORS, Access.WRITE), null, Map.of(),
                Map.of(), keys));
    }

    private static FunctionSpec gov(String name, String description, RouteSpec route, Map<String, Access> tables,
            Map<String, Access> buckets, Map<String, FunctionSpec.Flow> stateMachines) {
        return new FunctionSpec(name, GOVERNANCE + name + "Handler", description, route == null ? List.of() : List.of(route),
                tables, null, buckets, stateMachines);
    }

    private static FunctionSpec fn(String name, String pkg, String description, RouteSpec route, Map<String, Access> tables) {
        return new FunctionSpec(name, pkg + name + "Handler", description, List.of(route), tables, null);
    }

    private static RouteSpec route(String method, String path, List<String> scopes, int status) {
        return new RouteSpec(method, path, scopes, status);
    }

    private static Map<String, Access> tables(Object... pairs) {
        Map<String, Access> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Access) pairs[i + 1]);
        }
        return Map.copyOf(m);
    }

    public static List<FunctionSpec> functions() {
        return FUNCTIONS;
    }

    public static List<TableSpec> tables() {
        return TABLES;
    }

    public static List<QueueSpec> queues() {
        return QUEUES;
    }

    public static List<BucketSpec> buckets() {
        return BUCKETS;
    }

    public static List<EventSourceSpec> eventSources() {
        return EVENT_SOURCES;
    }

    public static List<StateMachineSpec> stateMachines() {
        return STATE_MACHINES;
    }

    /**
     * Every definition substitution variable: each function's ARN, each queue's URL and ARN, each table's
     * and bucket's name, each state machine's ARN.
     */
    public static List<Substitution> substitutions() {
        List<Substitution> all = new ArrayList<>();
        FUNCTIONS.forEach(f -> all.add(Substitution.of(Substitution.Kind.FUNCTION_ARN, f.name())));
        QUEUES.forEach(q -> {
            all.add(Substitution.of(Substitution.Kind.QUEUE_URL, q.id()));
            all.add(Substitution.of(Substitution.Kind.QUEUE_ARN, q.id()));
        });
        TABLES.forEach(t -> all.add(Substitution.of(Substitution.Kind.TABLE_NAME, t.id())));
        BUCKETS.forEach(b -> all.add(Substitution.of(Substitution.Kind.BUCKET_NAME, b.id())));
        STATE_MACHINES.forEach(m -> all.add(Substitution.of(Substitution.Kind.STATE_MACHINE_ARN, m.name())));
        return List.copyOf(all);
    }

    public static Optional<FunctionSpec> function(String name) {
        return FUNCTIONS.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public static TableSpec table(String id) {
        return TABLES.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + id));
    }
}
