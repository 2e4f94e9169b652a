package io.jeeves.governance.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One policy's verdict on a directive, with a reason a person can read. */
public record PolicyResult(Policy policy, PolicyVerdict verdict, String reason) {
    public PolicyResult {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }

    static PolicyResult allow(Policy policy, String reason) {
        return new PolicyResult(policy, PolicyVerdict.ALLOW, reason);
    }

    static PolicyResult block(Policy policy, String reason) {
        return new PolicyResult(policy, PolicyVerdict.BLOCK, reason);
    }

    public boolean blocked() {
        return verdict == PolicyVerdict.BLOCK;
    }

    /** {@code {policy, verdict, reason}}, as the {@code policy_evaluation} artifact holds it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy.id());
        m.put("verdict", verdict.name());
        m.put("reason", reason);
        return m;
    }
}
