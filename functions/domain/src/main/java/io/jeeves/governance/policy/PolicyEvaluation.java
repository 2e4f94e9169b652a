package io.jeeves.governance.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The gate's answer for one directive under one config version: one result per {@link Policy}, in
 * {@link Policy} order, and whether a person must approve (the {@code human_approval} result's reason says
 * why). Equal inputs and an equal config give equal evaluations.
 */
public record PolicyEvaluation(String configVersion, String directiveId, List<PolicyResult> results,
        boolean approvalRequired) {

    public PolicyEvaluation {
        Objects.requireNonNull(configVersion, "configVersion");
        Objects.requireNonNull(directiveId, "directiveId");
        results = List.copyOf(results);
        List<Policy> order = results.stream().map(PolicyResult::policy).toList();
        if (!order.equals(List.of(Policy.values()))) {
            throw new IllegalArgumentException("one result per policy, in Policy order; got " + order);
        }
    }

    public boolean anyBlocked() {
        return results.stream().anyMatch(PolicyResult::blocked);
    }

    /** The BLOCK results, in policy order; empty when the directive passed. */
    public List<PolicyResult> blocks() {
        return results.stream().filter(PolicyResult::blocked).toList();
    }

    /** {@code "policy: reason"} for each block: the {@code policy_blocks} of an approval result. */
    public List<String> blockReasons() {
        return blocks().stream().map(r -> r.policy().id() + ": " + r.reason()).toList();
    }

    public PolicyResult result(Policy policy) {
        return results.get(policy.ordinal());
    }

    /** The content of the {@code policy_evaluation} artifact, snake_case keys in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_version", configVersion);
        m.put("directive_id", directiveId);
        m.put("blocked", anyBlocked());
        m.put("approval_required", approvalRequired);
        m.put("results", results.stream().map(PolicyResult::toMap).toList());
        return m;
    }
}
