/**
 * The policy gate: deterministic checks a directive must pass before it may execute.
 *
 * <p>Decisions taken here (alternatives in brackets):
 * <ul>
 *   <li>Money is a {@link java.math.BigDecimal} in USD with scale 2; no other currency is read
 *       [a Money type with a currency: nothing else here would use it].</li>
 *   <li>{@link io.jeeves.governance.policy.Budgets#parse(String)} never throws: a budget it cannot read is a
 *       {@link io.jeeves.governance.policy.ParsedBudget.Refused} with a stable
 *       {@link io.jeeves.governance.policy.BudgetRefusal} kind and a reason, which the evaluator turns into a
 *       BLOCK.</li>
 *   <li>Allowlists are deny-by-default: an empty tool allowlist allows no tool (a directive that requests
 *       none still passes); an empty scope allowlist allows no scope. There is no wildcard
 *       [empty = anything: one missing line in a config file would open the gate].</li>
 *   <li>Human approval is not a third verdict: the {@code human_approval} result is always ALLOW (it
 *       never blocks by itself) and {@link io.jeeves.governance.policy.PolicyEvaluation#approvalRequired()}
 *       says whether a person must approve. The approval flow checks {@code anyBlocked()} first.</li>
 *   <li>"Above budget" is strict: a budget equal to the threshold needs no approval. A budget that cannot
 *       be read needs approval under that rule (fail closed), though it is blocked anyway.</li>
 *   <li>A budget that cannot be read also fails {@code budget_ceiling} (fail closed, "not checked"), so
 *       every policy always gives exactly one result.</li>
 * </ul>
 */
package io.jeeves.governance.policy;
