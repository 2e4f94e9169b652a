package io.jeeves.governance.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** What {@link Budgets} made of a budget: a USD amount, or a definite refusal with its reason. */
public sealed interface ParsedBudget permits ParsedBudget.Usd, ParsedBudget.Refused {

    /** True when the budget was read as an amount. */
    default boolean accepted() {
        return this instanceof Usd;
    }

    /** An amount in US dollars, always with scale 2 (so that equal amounts are equal records). */
    record Usd(BigDecimal amount) implements ParsedBudget {
        public Usd {
            Objects.requireNonNull(amount, "amount");
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("a USD amount is never negative: " + amount);
            }
            // throws ArithmeticException on more than two decimals: Budgets refuses those before
            amount = amount.setScale(2, RoundingMode.UNNECESSARY);
        }

        @Override
        public String toString() {
            return Budgets.format(amount);
        }
    }

    /** Not an amount: why, as a kind and as a sentence a person can act on. */
    record Refused(BudgetRefusal kind, String reason) implements ParsedBudget {
        public Refused {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
