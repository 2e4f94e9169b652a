package io.jeeves.governance.policy;

/** Why a budget text was not read as a USD amount. Stable names, fit for metrics and tests. */
public enum BudgetRefusal {
    /** Null, empty or only spaces. */
    MISSING,
    /** Not an amount at all: letters, misplaced symbols, bad digit grouping, too long a text. */
    MALFORMED,
    /** An amount in another currency ("€50", "50 EUR"). */
    UNSUPPORTED_CURRENCY,
    /** Below zero ("-$5", "$-5"). */
    NEGATIVE,
    /** More than two decimal places ("50.001"). */
    TOO_PRECISE,
    /** Above {@link Budgets#MAX_AMOUNT}. */
    TOO_LARGE
}
