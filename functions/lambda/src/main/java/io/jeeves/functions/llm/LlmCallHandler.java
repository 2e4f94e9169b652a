package io.jeeves.functions.llm;

import io.jeeves.error.ErrorCode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmGateway;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmTool;
import io.jeeves.llm.LlmToolCall;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.EventAdapter;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.JeevesHandler;
import io.jeeves.runtime.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.MDC;

/**
 * An LLM call of a process ({@code POST /v1/processes/{pid}/llm}, or invoked directly with {@code pid} in the
 * payload): input {@code {pid, agent, messages, tools?, options?, call_id?}}. A direct invocation always gets
 * the result ({@code status} ok or error, with the error's {@code error_type} and {@code retryable}), so a
 * flow can branch on it; over HTTP a failed call is a problem+json (quota_exceeded and rate_limited 429,
 * invalid_request 400, the backend's failures 503) carrying the same fields. The caller's mistakes (bad
 * input, a process that is not theirs) are problems either way, and charge nothing.
 */
public final class LlmCallHandler extends JeevesHandler {
    private static final Set<String> FIELDS = Set.of("pid", "agent", "messages", "tools", "options", "call_id");
    private final LlmGateway gateway = bean(LlmGateway.class);

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        LlmGateway.Call call = new LlmGateway.Call(a.requiredString("pid"), a.requiredString("agent"),
                a.optionalString("call_id"), messages(a), tools(a), options(a.optionalObject("options")));
        LlmGateway.Result r = gateway.call(inv.caller(), call);
        MDC.put("llm_call_id", r.callId());
        counted(r);
        Map<String, Object> body = view(r);
        if (!inv.http() || r.ok()) {
            return Reply.ok(body);
        }
        return problem(inv, r, body);
    }

    private static List<LlmMessage> messages(Args a) {
        List<Args> raw = a.optionalObjectList("messages");
        if (raw == null) {
            return List.of(); // refused by the gateway, naming the field
        }
        List<LlmMessage> out = new ArrayList<>();
        for (Args m : raw) {
            m.allowOnly(Set.of("role", "content", "tool_call_id", "tool_calls"));
            List<LlmToolCall> calls = new ArrayList<>();
            List<Args> rawCalls = m.optionalObjectList("tool_calls");
            if (rawCalls != null) {
                for (Args c : rawCalls) {
                    c.allowOnly(Set.of("id", "name", "arguments"));
                    calls.add(new LlmToolCall(c.requiredString("id"), c.requiredString("name"),
                            c.optionalString("arguments") == null ? "{}" : c.optionalString("arguments")));
                }
            }
            out.add(new LlmMessage(m.optionalString("role"), m.optionalString("content"), m.optionalString("tool_call_id"),
                    calls));
        }
        return out;
    }

    private static List<LlmTool> tools(Args a) {
        List<Args> raw = a.optionalObjectList("tools");
        if (raw == null) {
            return List.of();
        }
        List<LlmTool> out = new ArrayList<>();
        for (Args t : raw) {
            t.allowOnly(Set.of("name", "description", "parameters"));
            Map<String, Object> schema = t.optionalJsonObject("parameters");
            out.add(new LlmTool(t.optionalString("name"), t.optionalString("description"),
                    Json.write(schema == null ? Map.of("type", "object", "properties", Map.of()) : schema)));
        }
        return out;
    }

    private static LlmGateway.Options options(Args o) {
        if (o == null) {
            return LlmGateway.Options.NONE;
        }
        o.allowOnly(Set.of("temperature", "max_tokens"));
        return new LlmGateway.Options(o.optionalDouble("temperature"), o.optionalInt("max_tokens", 1, Integer.MAX_VALUE));
    }

    /** {@code llm_calls_total{provider,status,error_type}} and the call's latency, as EMF. */
    private static void counted(LlmGateway.Result r) {
        telemetry().count("llm_calls_total", "provider", r.provider(), "status", r.status(), "error_type",
                r.error() == null ? "none" : r.error().type().wireName());
        telemetry().seconds("llm_provider_seconds", r.providerNanos() / 1e9, "provider", r.provider());
        if (r.usage() != null) {
            telemetry().count("llm_tokens_total", r.usage().totalTokens(), "provider", r.provider());
        }
    }

    /** The result as the API writes it. */
    static Map<String, Object> view(LlmGateway.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("call_id", r.callId());
        out.put("pid", r.pid());
        out.put("agent", r.agent());
        out.put("provider", r.provider());
        out.put("model", r.model());
        out.put("status", r.status());
        out.put("content", r.content());
        List<Map<String, Object>> calls = new ArrayList<>();
        for (LlmToolCall c : r.toolCalls()) {
            calls.add(Map.of("id", c.id(), "name", c.name(), "arguments", c.arguments()));
        }
        out.put("tool_calls", calls);
        out.put("finish_reason", r.finishReason());
        out.put("budget_exhausted", r.budgetExhausted());
        if (r.usage() != null) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("input_tokens", r.usage().inputTokens());
            u.put("output_tokens", r.usage().outputTokens());
            u.put("total_tokens", r.usage().totalTokens());
            u.put("estimated_cost_usd", r.usage().estimatedCostUsd());
            u.put("reported_by_backend", r.usage().reported());
            out.put("usage", u);
        } else {
            out.put("usage", null);
        }
        if (r.error() != null) {
            LlmException e = r.error();
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error_type", e.type().wireName());
            err.put("message", e.getMessage());
            err.put("retryable", e.retryable());
            err.put("http_status", e.httpStatus());
            err.put("retry_after_seconds", e.retryAfter() == null ? null : e.retryAfter().toSeconds());
            out.put("error", err);
        } else {
            out.put("error", null);
        }
        out.put("latency_ms", r.latencyMs());
        out.put("provider_latency_ms", Math.round(r.providerNanos() / 1_000.0) / 1_000.0); // to the microsecond
        out.put("time_to_first_token_ms", r.timeToFirstTokenMs());
        out.put("attempts", r.attempts());
        out.put("artifact_ids", r.artifactIds());
        return out;
    }

    private static Reply problem(Invocation inv, LlmGateway.Result r, Map<String, Object> result) {
        LlmException e = r.error();
        ErrorCode code = e.type().errorCode();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", EventAdapter.PROBLEM_BASE + "llm-" + e.type().wireName().replace('_', '-'));
        body.put("title", code.title());
        body.put("status", code.httpStatus());
        body.put("detail", e.getMessage());
        body.put("code", code.name());
        body.put("error_type", e.type().wireName());
        body.put("retryable", e.retryable());
        body.put("instance", inv.rawPath());
        body.put("request_id", inv.requestId());
        body.put("result", result);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/problem+json");
        if (e.retryAfter() != null) {
            headers.put("retry-after", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return new Reply(code.httpStatus(), body, headers);
    }
}
