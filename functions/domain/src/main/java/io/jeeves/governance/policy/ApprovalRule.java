package io.jeeves.governance.policy;

import java.math.BigDecimal;

/** When a person must approve a directive that passed every policy. */
public sealed interface ApprovalRule permits ApprovalRule.Never, ApprovalRule.Always, ApprovalRule.AboveBudget {
    ApprovalRule NEVER = new Never();
    ApprovalRule ALWAYS = new Always();

    /** The configuration name: {@code never}, {@code always} or {@code above_budget}. */
    String mode();

    /** Approval is automatic. */
    record Never() implements ApprovalRule {
        @Override
        public String mode() {
            return "never";
        }
    }

    /** Every directive waits for a person. */
    record Always() implements ApprovalRule {
        @Override
        public String mode() {
            return "always";
        }
    }

    /** A directive whose budget is strictly above {@code threshold} (USD, scale 2) waits for a person. */
    record AboveBudget(BigDecimal threshold) implements ApprovalRule {
        public AboveBudget {
            threshold = PolicyConfig.usd("approval.threshold", Budgets.ofAmount(threshold));
        }

        @Override
        public String mode() {
            return "above_budget";
        }
    }
}
