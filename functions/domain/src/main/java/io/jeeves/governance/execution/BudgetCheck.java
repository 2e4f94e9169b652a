package io.jeeves.governance.execution;

import io.jeeves.error.JeevesException;
import io.jeeves.governance.execution.module.ModuleInput;
import java.math.BigDecimal;

/** Decides, before a module runs, whether the directive's budget allows it. */
@FunctionalInterface
public interface BudgetCheck {

    /** Null when the input may run; otherwise why not (a human sentence). */
    String refusal(ModuleInput input);

    /** Lets everything run. */
    static BudgetCheck none() {
        return input -> null;
    }

    /**
     * Refuses a negative budget, a budget above {@code ceilingUsd}, and (when {@code required}) a missing
     * one.
     */
    static BudgetCheck ceiling(BigDecimal ceilingUsd, boolean required) {
        if (ceilingUsd == null || ceilingUsd.signum() < 0) {
            throw JeevesException.invalidArgument("ceiling_usd", "ceiling_usd must be zero or more");
        }
        return input -> {
            BigDecimal budget = input.budgetUsd();
            if (budget == null) {
                return required ? "directive " + input.directiveId() + " has no budget" : null;
            }
            if (budget.signum() < 0) {
                return "budget " + budget.toPlainString() + " USD is negative";
            }
            if (budget.compareTo(ceilingUsd) > 0) {
                return "budget " + budget.toPlainString() + " USD exceeds the ceiling of " + ceilingUsd.toPlainString()
                        + " USD";
            }
            return null;
        };
    }
}
