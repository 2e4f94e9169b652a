package io.jeeves.governance.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates directives against one {@link PolicyConfig}. Deterministic: no clock, no randomness, no
 * state; reasons name entries in sorted order. Every policy gives exactly one result, and nothing a
 * directive holds makes it throw.
 */
public final class PolicyEvaluator {
    private final PolicyConfig config;

    public PolicyEvaluator(PolicyConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public PolicyConfig config() {
        return config;
    }

    public PolicyEvaluation evaluate(PolicyInput input) {
        Objects.requireNonNull(input, "input");
        ParsedBudget budget = Budgets.parse(input.budget());
        BigDecimal amount = budget instanceof ParsedBudget.Usd usd ? usd.amount() : null;
        boolean approvalRequired = approvalRequired(amount);
        List<PolicyResult> results = List.of(
                budgetParse(budget),
                budgetCeiling(amount),
                toolAllowlist(input.requestedTools()),
                scopeAllowlist(input.scope()),
                PolicyResult.allow(Policy.HUMAN_APPROVAL, approvalReason(amount, approvalRequired)));
        return new PolicyEvaluation(config.version(), input.directiveId(), results, approvalRequired);
    }

    private static PolicyResult budgetParse(ParsedBudget budget) {
        if (budget instanceof ParsedBudget.Refused refused) {
            return PolicyResult.block(Policy.BUDGET_PARSE, refused.reason());
        }
        return PolicyResult.allow(Policy.BUDGET_PARSE, "budget read as " + budget);
    }

    private PolicyResult budgetCeiling(BigDecimal amount) {
        String ceiling = Budgets.format(config.budgetCeiling());
        if (amount == null) {
            return PolicyResult.block(Policy.BUDGET_CEILING, "ceiling " + ceiling + " not checked: the budget could not be read");
        }
        if (amount.compareTo(config.budgetCeiling()) > 0) {
            return PolicyResult.block(Policy.BUDGET_CEILING, "budget " + Budgets.format(amount) + " exceeds the ceiling " + ceiling);
        }
        return PolicyResult.allow(Policy.BUDGET_CEILING, "budget " + Budgets.format(amount) + " is within the ceiling " + ceiling);
    }

    private PolicyResult toolAllowlist(List<String> tools) {
        if (tools.isEmpty()) {
            return PolicyResult.allow(Policy.TOOL_ALLOWLIST, "no tools requested");
        }
        List<String> refused = new ArrayList<>(tools);
        refused.removeAll(config.toolAllowlist());
        if (!refused.isEmpty()) {
            return PolicyResult.block(Policy.TOOL_ALLOWLIST, "tools not in the allowlist: " + quoted(refused)
                    + (config.toolAllowlist().isEmpty() ? " (the allowlist is empty: no tool is allowed)" : ""));
        }
        return PolicyResult.allow(Policy.TOOL_ALLOWLIST, "requested tools allowed: " + quoted(tools));
    }

    private PolicyResult scopeAllowlist(String scope) {
        if (scope == null || scope.isBlank()) {
            return PolicyResult.block(Policy.SCOPE_ALLOWLIST, "scope is missing");
        }
        String s = scope.strip();
        Set<String> allowed = config.scopeAllowlist();
        if (!allowed.contains(s)) {
            return PolicyResult.block(Policy.SCOPE_ALLOWLIST, "scope " + Budgets.quote(s) + " is not in the allowlist"
                    + (allowed.isEmpty() ? " (the allowlist is empty: no scope is allowed)" : ""));
        }
        return PolicyResult.allow(Policy.SCOPE_ALLOWLIST, "scope " + Budgets.quote(s) + " is allowed");
    }

    private boolean approvalRequired(BigDecimal amount) {
        ApprovalRule rule = config.approval();
        if (rule instanceof ApprovalRule.AboveBudget above) {
            // an unreadable budget cannot be shown to be under the threshold: fail closed
            return amount == null || amount.compareTo(above.threshold()) > 0;
        }
        return rule instanceof ApprovalRule.Always;
    }

    private String approvalReason(BigDecimal amount, boolean required) {
        ApprovalRule rule = config.approval();
        if (rule instanceof ApprovalRule.AboveBudget above) {
            String threshold = Budgets.format(above.threshold());
            if (amount == null) {
                return "approval required: the budget could not be read against the threshold " + threshold;
            }
            return required
                    ? "approval required: budget " + Budgets.format(amount) + " is above the threshold " + threshold
                    : "approval not required: budget " + Budgets.format(amount) + " is at most the threshold " + threshold;
        }
        return required ? "approval required for every directive" : "approval not required: directives are approved automatically";
    }

    private static String quoted(List<String> names) {
        return names.stream().map(Budgets::quote).collect(Collectors.joining(", "));
    }
}
