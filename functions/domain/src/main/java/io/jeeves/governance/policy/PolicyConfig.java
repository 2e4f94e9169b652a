package io.jeeves.governance.policy;

import io.jeeves.error.JeevesException;
import io.jeeves.kernel.service.Ids;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The versioned configuration of the policy gate. The same version must always mean the same content:
 * evaluations name the version they used, and are repeatable from it.
 *
 * @param version non-blank, path-safe (it names artifacts and metric dimensions)
 * @param budgetCeiling the largest budget allowed, USD with scale 2
 * @param toolAllowlist the tools a directive may request; empty allows none
 * @param scopeAllowlist the scopes a directive may have; empty allows none
 * @param approval when a person must approve
 */
public record PolicyConfig(
        String version,
        BigDecimal budgetCeiling,
        Set<String> toolAllowlist,
        Set<String> scopeAllowlist,
        ApprovalRule approval) {

    /** The keys of the raw form ({@link #of(Map)}, {@link #toMap()}). */
    public static final List<String> FIELDS = List.of("version", "budget_ceiling", "tool_allowlist",
            "scope_allowlist", "approval");
    private static final List<String> APPROVAL_FIELDS = List.of("required", "threshold");

    private static final PolicyConfig DEFAULTS = new PolicyConfig("default", new BigDecimal("100.00"),
            // the seed's v1 tools, plus the fail_intentionally module
            Set.of("noop", "echo", "validate", "test", "fail_intentionally"),
            Set.of("test", "development", "staging"),
            ApprovalRule.NEVER);

    public PolicyConfig {
        Ids.pathId("version", version);
        budgetCeiling = usd("budget_ceiling", Budgets.ofAmount(budgetCeiling));
        toolAllowlist = allowlist("tool_allowlist", toolAllowlist);
        scopeAllowlist = allowlist("scope_allowlist", scopeAllowlist);
        if (approval == null) {
            throw JeevesException.invalidArgument("approval", "approval is required");
        }
        if (approval instanceof ApprovalRule.AboveBudget above && above.threshold().compareTo(budgetCeiling) >= 0) {
            throw JeevesException.invalidArgument("approval.threshold", "approval.threshold "
                    + Budgets.format(above.threshold()) + " must be below budget_ceiling " + Budgets.format(budgetCeiling)
                    + ", otherwise no directive would ever be sent for approval");
        }
    }

    /** Version {@code default}: ceiling $100.00, the seed's tools and scopes, no human approval. */
    public static PolicyConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Builds and validates a configuration from its raw form: what a JSON or YAML file or an SSM parameter
     * parses to. {@code version} is required; the other keys, when absent, take the {@link #defaults()}
     * values. Amounts are numbers or budget texts ({@code 100}, {@code "$100.00"}); allowlists are lists of
     * strings; {@code approval} is {@code {required: never|always|above_budget, threshold}}.
     *
     * @throws io.jeeves.error.InvalidArgumentException naming the field at fault (e.g. {@code approval.threshold})
     */
    public static PolicyConfig of(Map<String, ?> raw) {
        if (raw == null) {
            throw JeevesException.invalidArgument("policy_config", "policy config is required");
        }
        refuseUnknown(raw, FIELDS, "");
        if (!raw.containsKey("version")) {
            throw JeevesException.invalidArgument("version", "version is required");
        }
        Object version = raw.get("version");
        if (!(version instanceof String v)) {
            throw JeevesException.invalidArgument("version", "version must be a string");
        }
        PolicyConfig d = DEFAULTS;
        BigDecimal ceiling = raw.containsKey("budget_ceiling") ? amount("budget_ceiling", raw.get("budget_ceiling"))
                : d.budgetCeiling();
        Set<String> tools = raw.containsKey("tool_allowlist") ? strings("tool_allowlist", raw.get("tool_allowlist"))
                : d.toolAllowlist();
        Set<String> scopes = raw.containsKey("scope_allowlist") ? strings("scope_allowlist", raw.get("scope_allowlist"))
                : d.scopeAllowlist();
        ApprovalRule approval = raw.containsKey("approval") ? approval(raw.get("approval")) : d.approval();
        return new PolicyConfig(v, ceiling, tools, scopes, approval);
    }

    /** The raw form, in {@link #FIELDS} order: {@code of(c.toMap()).equals(c)}. */
    public Map<String, Object> toMap() {
        Map<String, Object> approvalMap = new LinkedHashMap<>();
        approvalMap.put("required", approval.mode());
        if (approval instanceof ApprovalRule.AboveBudget above) {
            approvalMap.put("threshold", above.threshold());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("budget_ceiling", budgetCeiling);
        m.put("tool_allowlist", List.copyOf(toolAllowlist));
        m.put("scope_allowlist", List.copyOf(scopeAllowlist));
        m.put("approval", approvalMap);
        return m;
    }

    /** The amount of {@code parsed}, or an invalid argument naming {@code field} with the refusal's reason. */
    static BigDecimal usd(String field, ParsedBudget parsed) {
        if (parsed instanceof ParsedBudget.Usd usd) {
            return usd.amount();
        }
        throw JeevesException.invalidArgument(field, field + ": " + ((ParsedBudget.Refused) parsed).reason());
    }

    private static ApprovalRule approval(Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw JeevesException.invalidArgument("approval", "approval must be an object {required, threshold}");
        }
        refuseUnknown(map, APPROVAL_FIELDS, "approval.");
        Object required = map.get("required");
        if (!(required instanceof String mode)) {
            throw JeevesException.invalidArgument("approval.required",
                    "approval.required must be one of \"never\", \"always\", \"above_budget\"");
        }
        boolean hasThreshold = map.containsKey("threshold");
        switch (mode) {
            case "never", "always" -> {
                if (hasThreshold) {
                    throw JeevesException.invalidArgument("approval.threshold",
                            "approval.threshold applies only when approval.required is \"above_budget\"");
                }
                return mode.equals("never") ? ApprovalRule.NEVER : ApprovalRule.ALWAYS;
            }
            case "above_budget" -> {
                if (!hasThreshold) {
                    throw JeevesException.invalidArgument("approval.threshold",
                            "approval.threshold is required when approval.required is \"above_budget\"");
                }
                return new ApprovalRule.AboveBudget(amount("approval.threshold", map.get("threshold")));
            }
            default -> throw JeevesException.invalidArgument("approval.required",
                    "approval.required must be one of \"never\", \"always\", \"above_budget\", got " + Budgets.quote(mode));
        }
    }

    /** A number ({@code 100}, {@code 99.5}) or a budget text ({@code "$100.00"}). */
    private static BigDecimal amount(String field, Object raw) {
        BigDecimal value;
        if (raw instanceof String text) {
            return usd(field, Budgets.parse(text));
        } else if (raw instanceof BigDecimal b) {
            value = b;
        } else if (raw instanceof BigInteger i) {
            value = new BigDecimal(i);
        } else if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            value = BigDecimal.valueOf(((Number) raw).longValue());
        } else if ((raw instanceof Double || raw instanceof Float) && Double.isFinite(((Number) raw).doubleValue())) {
            // the shortest decimal that reads back as the same double: 99.99 stays 99.99
            value = new BigDecimal(raw.toString());
        } else {
            throw JeevesException.invalidArgument(field, field + " must be a USD amount (a number or a text like \"$100.00\")");
        }
        return usd(field, Budgets.ofAmount(value));
    }

    private static Set<String> strings(String field, Object raw) {
        if (!(raw instanceof Collection<?> items)) {
            throw JeevesException.invalidArgument(field, field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (Object item : items) {
            if (!(item instanceof String s)) {
                throw JeevesException.invalidArgument(field + "[" + i + "]", field + "[" + i + "] must be a string");
            }
            out.add(Ids.pathId(field + "[" + i + "]", s));
            i++;
        }
        return new TreeSet<>(out);
    }

    /** Sorted and unmodifiable, so that iteration (and every reason naming entries) is repeatable. */
    private static SortedSet<String> allowlist(String field, Set<String> entries) {
        if (entries == null) {
            throw JeevesException.invalidArgument(field, field + " is required (empty allows nothing)");
        }
        SortedSet<String> sorted = new TreeSet<>();
        for (String e : entries) {
            sorted.add(Ids.pathId(field + "[]", e));
        }
        return Collections.unmodifiableSortedSet(sorted);
    }

    private static void refuseUnknown(Map<?, ?> raw, List<String> known, String prefix) {
        // sorted, so that the field named is the same whatever the map's order
        SortedSet<String> unknown = new TreeSet<>();
        raw.keySet().stream().filter(k -> !known.contains(k)).forEach(k -> unknown.add(prefix + Objects.toString(k)));
        if (!unknown.isEmpty()) {
            throw JeevesException.invalidArgument(unknown.first(), "unknown policy config field(s): "
                    + String.join(", ", unknown) + "; known: " + prefix + String.join(", " + prefix, known));
        }
    }
}
