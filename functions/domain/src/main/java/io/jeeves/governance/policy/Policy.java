package io.jeeves.governance.policy;

import java.util.Locale;

/** The policies of the gate, in the order they are evaluated and reported. */
public enum Policy {
    /** The budget text reads as a USD amount. */
    BUDGET_PARSE,
    /** The budget is at most the configured ceiling. */
    BUDGET_CEILING,
    /** Every requested tool is in the tool allowlist. */
    TOOL_ALLOWLIST,
    /** The scope is in the scope allowlist. */
    SCOPE_ALLOWLIST,
    /** Whether a person must approve; never blocks by itself (see {@link PolicyEvaluation#approvalRequired()}). */
    HUMAN_APPROVAL;

    /** The name in artifacts and metrics: {@code budget_parse}, {@code tool_allowlist}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
