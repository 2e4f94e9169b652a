package io.jeeves.llm;

import io.jeeves.error.JeevesException;
import io.jeeves.error.ResourceExhaustedException;
import io.jeeves.governance.ControlLoop.JsonEncoder;
import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.ArtifactType;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.service.Ids;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.kernel.service.UsageReservations;
import io.jeeves.kernel.store.ReservationStore.Reservation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Every LLM call of every capability: the caller's process, its agent's configuration, the kernel's quota
 * charged before anything is spent, the backend behind one stream-first interface, retries, and an audit
 * trail without message bodies.
 *
 * <ol>
 * <li>The provider is resolved first: disabled or misconfigured fails without touching the quota.</li>
 * <li>One LLM call, the estimated input tokens and the most output tokens (the agent's {@code max_tokens}, or
 * the call's, capped at what the process's quota has left) are reserved on the process, atomically; a quota
 * that would be exceeded answers {@code quota_exceeded} and the provider is never contacted.</li>
 * <li>The reply streams to the caller's listener; the stream is stopped when the output budget is used up
 * (finish reason {@code budget}). Retryable errors are retried (bounded, exponential back-off with jitter,
 * {@code Retry-After} honoured), never once output has started.</li>
 * <li>The reservation is settled to the real usage (the backend's count, or the gateway's estimate when it
 * gives none), the cost priced, and two artifacts written: {@code llm_call} and {@code llm_usage}.</li>
 * </ol>
 *
 * A call id names the reservation and the artifacts: a call retried with the same id is charged once.
 */
public final class LlmGateway {
    /** The largest conversation accepted: messages, and characters over all of them. */
    public static final int MAX_MESSAGES = 500;
    /** The most processes remembered between calls (per container). */
    static final int MAX_REMEMBERED = 10_000;

    /** What to wait with (a sleep in production, a recorder in tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * A call's per-call options.
     *
     * @param temperature null: the agent's
     * @param maxTokens null: the agent's; more than the agent's is capped at the agent's
     */
    public record Options(Double temperature, Integer maxTokens) {
        public static final Options NONE = new Options(null, null);
    }

    /**
     * One call.
     *
     * @param callId null: a fresh one; otherwise 1..128 path-safe characters naming the call (its retries reuse it)
     */
    public record Call(String pid, String agent, String callId, List<LlmMessage> messages, List<LlmTool> tools,
            Options options) {
    }

    /**
     * What a call did.
     *
     * @param status {@code ok} or {@code error}
     * @param finishReason stop, length, tool_calls, budget (the gateway stopped it at the output budget),
     *     content_filter, or null when it failed
     * @param usage null when nothing was reserved (disabled, misconfigured, quota_exceeded)
     * @param error null when ok
     * @param timeToFirstTokenMs null when no output came
     * @param providerNanos the time spent in the provider (its streams, not the back-off between them): the rest of
     *     the call's time is the gateway's own overhead
     */
    public record Result(String callId, String pid, String agent, String provider, String model, String status,
            String content, List<LlmToolCall> toolCalls, String finishReason, LlmUsage usage, LlmException error,
            long latencyMs, Long timeToFirstTokenMs, int attempts, List<String> artifactIds, long providerNanos) {

        public boolean ok() {
            return error == null;
        }

        public boolean budgetExhausted() {
            return "budget".equals(finishReason);
        }
    }

    private final ProcessService processes;
    private final UsageReservations reservations;
    private final AgentConfigs configs;
    private final Function<AgentLlmConfig, LlmProvider> providers;
    private final PriceTable prices;
    private final ArtifactService artifacts;
    private final CallLedger ledger;
    private final JsonEncoder json;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final LongSupplier nanoTime;
    /** Processes read by earlier calls, by pid: their owner and quota (which never change). */
    private final Map<String, Process> known = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param providers the provider of an agent's configuration; throws {@link LlmException} (misconfigured) when
     *     it cannot be built (e.g. its API key cannot be read)
     * @param ledger settles a call and writes its artifacts in one step; {@code artifacts} writes those of calls that
     *     reserved nothing
     */
    public LlmGateway(ProcessService processes, UsageReservations reservations, AgentConfigs configs,
            Function<AgentLlmConfig, LlmProvider> providers, PriceTable prices, ArtifactService artifacts, CallLedger ledger,
            JsonEncoder json, RetryPolicy retry, Sleeper sleeper, DoubleSupplier random, LongSupplier nanoTime) {
        this.processes = processes;
        this.reservations = reservations;
        this.configs = configs;
        this.providers = providers;
        this.prices = prices;
        this.artifacts = artifacts;
        this.ledger = ledger;
        this.json = json;
        this.retry = retry;
        this.sleeper = sleeper;
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /** The call, buffered. */
    public Result call(Caller caller, Call call) {
        return call(caller, call, e -> true);
    }

    /**
     * The call, streamed to {@code listener} as the reply comes (tokens, tool calls, usage, done; or error at
     * the end). The result holds the whole reply too.
     *
     * @throws io.jeeves.error.JeevesException for the caller's mistakes (bad input, unknown or foreign process, a
     *     call id already settled): nothing is charged or written
     */
    public Result call(Caller caller, Call call, LlmListener listener) {
        long started = nanoTime.getAsLong();
        LlmRequest.validate(call.messages(), call.tools());
        if (call.messages().size() > MAX_MESSAGES) {
            throw JeevesException.invalidArgument("messages", "at most " + MAX_MESSAGES + " messages per call");
        }
        String callId = call.callId() == null ? "llm-" + Ids.uuid() : Ids.pathId("call_id", call.callId());
        Options options = call.options() == null ? Options.NONE : call.options();
        validate(options);
        AgentLlmConfig config = configs.forAgent(call.agent());
        String pid = Ids.pathId("pid", call.pid());
        Process remembered = known.get(pid);
        Process process = remembered != null && caller.canActFor(remembered.userId()) ? remembered : read(caller, pid);
        Attempt a = new Attempt(callId, process, config, listener, started);
        LlmProvider provider;
        try {
            provider = providers.apply(config);
            if (provider instanceof DisabledProvider disabled) {
                throw disabled.refusal(); // before the quota: nothing is reserved for a call that cannot be made
            }
        } catch (LlmException e) {
            return a.failed(e, null, call);
        }
        int asked = Math.min(options.maxTokens() == null ? config.maxTokens() : options.maxTokens(), config.maxTokens());
        Double temperature = options.temperature() != null ? options.temperature() : config.temperature();
        Reservation reservation = null;
        LlmRequest request = null;
        if (process == remembered) {
            // a process read before: try without reading it again (the store's conditions decide), as asked
            request = new LlmRequest(config.model(), call.messages(), call.tools(), temperature, asked, config.timeout());
            if (TokenEstimate.of(request) + asked <= config.contextWindow()) {
                reservation = reservations.tryReserve(process, callId, reserved(request)).orElse(null);
            }
        }
        if (reservation == null) {
            if (process == remembered) {
                process = read(caller, pid); // refused on what was remembered: decide on what is stored now
            }
            long outputLeft = process.quota().maxOutputTokens() - process.usage().tokensOut();
            int maxTokens = outputLeft < asked && outputLeft > 0 ? (int) outputLeft : asked; // no more than is left
            request = new LlmRequest(config.model(), call.messages(), call.tools(), temperature, maxTokens, config.timeout());
            long inputEstimate = TokenEstimate.of(request);
            if (inputEstimate + maxTokens > config.contextWindow()) {
                return a.failed(LlmException.of(LlmErrorType.INVALID_REQUEST, "the call's estimated " + inputEstimate
                        + " input tokens and " + maxTokens + " output tokens exceed the context window of "
                        + config.contextWindow()), null, call);
            }
            try {
                reservation = reservations.reserve(caller, process, callId, reserved(request));
            } catch (ResourceExhaustedException e) {
                return a.failed(LlmException.of(LlmErrorType.QUOTA_EXCEEDED, e.getMessage()), null, call);
            }
        }
        if (reservation.settled()) {
            throw JeevesException.failedPrecondition("call " + callId + " was made already; a new call needs a new call_id");
        }
        return a.run(provider, request, reservation, call);
    }

    /** What a call reserves: one call, its estimated input, its most output. */
    private static UsageDelta reserved(LlmRequest request) {
        return new UsageDelta(1, 0, 0, 0, TokenEstimate.of(request), request.maxTokens(), 0, 0);
    }

    /**
     * Reads the process (its tenancy checked) and remembers it: its owner and quota never change, so later
     * calls reserve without reading it again; its state and usage are checked by the store's conditions.
     */
    private Process read(Caller caller, String pid) {
        Process p = processes.get(caller, pid);
        if (known.size() >= MAX_REMEMBERED) {
            known.clear(); // a bound, not a policy: forgetting only costs a read
        }
        known.put(pid, p);
        return p;
    }

    private static void validate(Options o) {
        if (o.maxTokens() != null && o.maxTokens() < 1) {
            throw JeevesException.invalidArgument("options.max_tokens", "max_tokens must be at least 1");
        }
        if (o.temperature() != null && (o.temperature().isNaN() || o.temperature() < 0 || o.temperature() > 2)) {
            throw JeevesException.invalidArgument("options.temperature", "temperature must be between 0 and 2");
        }
    }

    /** One call in progress: what it streamed, when, and how it ends. */
    private final class Attempt implements LlmListener {
        final String callId;
        final Process process;
        final AgentLlmConfig config;
        final LlmListener listener;
        final long started;
        final StringBuilder content = new StringBuilder();
        final List<LlmToolCall> toolCalls = new ArrayList<>();
        LlmEvent.Usage usage;
        String finishReason;
        long firstOutput = -1;
        long outputBudget;
        long toolChars;
        boolean callerStopped;
        int attempts;
        long providerNanos;

        Attempt(String callId, Process process, AgentLlmConfig config, LlmListener listener, long started) {
            this.callId = callId;
            this.process = process;
            this.config = config;
            this.listener = listener;
            this.started = started;
        }

        @Override
        public boolean onEvent(LlmEvent event) {
            if (event instanceof LlmEvent.Token t) {
                output();
                content.append(t.text());
            } else if (event instanceof LlmEvent.ToolCall c) {
                output();
                toolCalls.add(c.call());
                toolChars += c.call().arguments().length() + c.call().name().length();
            } else if (event instanceof LlmEvent.Usage u) {
                usage = u;
            } else if (event instanceof LlmEvent.Done d) {
                finishReason = d.finishReason();
            }
            if (!listener.onEvent(event)) {
                callerStopped = true;
                return false;
            }
            if (finishReason == null && outputEstimate() >= outputBudget) {
                finishReason = "budget"; // the backend ignored max_tokens (or counts differently): stop here
                listener.onEvent(new LlmEvent.Done(finishReason));
                return false;
            }
            return true;
        }

        private void output() {
            if (firstOutput < 0) {
                firstOutput = nanoTime.getAsLong();
            }
        }

        private long outputEstimate() {
            return TokenEstimate.ofChars(content.length() + toolChars);
        }

        Result run(LlmProvider provider, LlmRequest request, Reservation reservation, Call call) {
            outputBudget = request.maxTokens();
            LlmException error = null;
            while (true) {
                attempts++;
                usage = null; // what a failed attempt reported before failing (no output came, or it would not retry)
                finishReason = null;
                long streaming = nanoTime.getAsLong();
                try {
                    provider.stream(request, this);
                    error = null;
                    break;
                } catch (LlmException e) {
                    error = e;
                } catch (RuntimeException e) {
                    error = LlmException.of(LlmErrorType.BACKEND, "the " + provider.name() + " provider failed: "
                            + e.getClass().getSimpleName(), e);
                } finally {
                    providerNanos += nanoTime.getAsLong() - streaming;
                }
                Duration delay = firstOutput >= 0 ? null : retry.delay(error, attempts, random);
                if (delay == null) {
                    break;
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (error == null && finishReason == null && !callerStopped) {
                error = LlmException.of(LlmErrorType.PARSE, "the " + provider.name() + " stream ended before it was done");
            }
            boolean reported = usage != null;
            long in = reported ? usage.inputTokens() : firstOutput >= 0 ? TokenEstimate.of(request) : 0;
            long out = reported ? usage.outputTokens() : outputEstimate();
            LlmUsage settled = LlmUsage.of(in, out, prices.cost(config.provider(), config.model(), in, out), reported);
            if (error != null) {
                listener.onEvent(new LlmEvent.Failed(error));
            }
            return finish(error, settled, call, request.maxTokens(), reservation, new UsageDelta(1, 0, 0, 0, in, out, 0, 0));
        }

        Result failed(LlmException error, LlmUsage usage, Call call) {
            listener.onEvent(new LlmEvent.Failed(error));
            return finish(error, usage, call, 0, null, null);
        }

        /** Writes the call's records: with its settlement when it reserved (one step), alone otherwise. */
        private Result finish(LlmException error, LlmUsage usage, Call call, int maxTokens, Reservation reservation,
                UsageDelta actual) {
            long now = nanoTime.getAsLong();
            long latencyMs = (now - started) / 1_000_000;
            Long ttft = firstOutput < 0 ? null : (firstOutput - started) / 1_000_000;
            List<ArtifactService.CreateRequest> records = new ArrayList<>();
            records.add(record(ArtifactType.LLM_CALL, callRecord(error, call, maxTokens, latencyMs, ttft)));
            if (usage != null) {
                records.add(record(ArtifactType.LLM_USAGE, usageRecord(usage, reservation)));
            }
            List<String> ids = new ArrayList<>();
            if (reservation == null) {
                // refused before anything was reserved: a record of the attempt under a fresh id, so the call id
                // stays free for a retry (once the quota, the configuration or the request is put right)
                records.forEach(r -> ids.add(artifacts.create(Caller.system(), new ArtifactService.CreateRequest(null,
                        r.type(), r.owner(), null, null, r.processId(), r.contentType(), r.content())).id()));
            } else {
                List<Artifact> prepared = new ArrayList<>();
                records.forEach(r -> prepared.add(artifacts.prepareInline(Caller.system(), r)));
                ledger.settle(reservation, actual, prepared);
                prepared.forEach(a -> ids.add(a.id()));
            }
            return new Result(callId, process.pid(), config.agent(), config.provider(), config.model(),
                    error == null ? "ok" : "error", content.toString(), List.copyOf(toolCalls),
                    error == null ? finishReason : null, usage, error, latencyMs, ttft, attempts, List.copyOf(ids),
                    providerNanos);
        }

        private ArtifactService.CreateRequest record(ArtifactType type, Map<String, Object> record) {
            return new ArtifactService.CreateRequest(callId + "-" + type.name(), type.name(), process.userId(), null, null,
                    process.pid(), "application/json", json.encode(record));
        }

        /** What was called and how it went: counts and roles, never the messages' text. */
        private Map<String, Object> callRecord(LlmException error, Call call, int maxTokens, long latencyMs, Long ttft) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("call_id", callId);
            r.put("pid", process.pid());
            r.put("agent", config.agent());
            r.put("provider", config.provider());
            r.put("model", config.model());
            r.put("status", error == null ? "ok" : "error");
            r.put("error_type", error == null ? null : error.type().wireName());
            r.put("error_message", error == null ? null : error.getMessage());
            r.put("retryable", error == null ? null : error.retryable());
            r.put("http_status", error == null ? null : error.httpStatus());
            r.put("finish_reason", error == null ? finishReason : null);
            r.put("attempts", attempts);
            r.put("latency_ms", latencyMs);
            r.put("time_to_first_token_ms", ttft);
            r.put("message_count", call.messages().size());
            Set<String> roles = new LinkedHashSet<>();
            long chars = 0;
            for (LlmMessage m : call.messages()) {
                roles.add(m.role());
                chars += m.content().length();
            }
            r.put("roles", List.copyOf(roles));
            r.put("input_chars", chars);
            r.put("output_chars", content.length());
            r.put("tool_count", call.tools() == null ? 0 : call.tools().size());
            r.put("tool_call_count", toolCalls.size());
            r.put("max_tokens", maxTokens);
            return r;
        }

        private Map<String, Object> usageRecord(LlmUsage usage, Reservation reservation) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("call_id", callId);
            r.put("pid", process.pid());
            r.put("agent", config.agent());
            r.put("provider", config.provider());
            r.put("model", config.model());
            r.put("input_tokens", usage.inputTokens());
            r.put("output_tokens", usage.outputTokens());
            r.put("total_tokens", usage.totalTokens());
            r.put("estimated_cost_usd", usage.estimatedCostUsd());
            r.put("reported_by_backend", usage.reported());
            if (reservation != null) {
                r.put("reserved_input_tokens", reservation.reserved().tokensIn());
                r.put("reserved_output_tokens", reservation.reserved().tokensOut());
            }
            return r;
        }
    }

    /** The cost as the API writes it: a plain decimal, or null. */
    public static String cost(BigDecimal usd) {
        return usd == null ? null : usd.stripTrailingZeros().toPlainString();
    }
}
