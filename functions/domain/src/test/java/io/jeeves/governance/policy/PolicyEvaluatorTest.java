package io.jeeves.governance.policy;

import static io.jeeves.governance.policy.PolicyVerdict.ALLOW;
import static io.jeeves.governance.policy.PolicyVerdict.BLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    private static final PolicyConfig CONFIG = new PolicyConfig("v7", new BigDecimal("100"),
            Set.of("noop", "echo"), Set.of("test", "staging"), ApprovalRule.NEVER);
    private static final PolicyEvaluator GATE = new PolicyEvaluator(CONFIG);

    private static PolicyInput input(String scope, String budget, String... tools) {
        return new PolicyInput("dir-1", "ops", "noop", scope, budget, Arrays.asList(tools));
    }

    private static PolicyEvaluator gate(ApprovalRule rule) {
        return new PolicyEvaluator(new PolicyConfig("v7", CONFIG.budgetCeiling(), CONFIG.toolAllowlist(),
                CONFIG.scopeAllowlist(), rule));
    }

    @Test
    void aDirectiveWithinEveryPolicyIsAllowedWithOneResultPerPolicyInOrder() {
        PolicyEvaluation e = GATE.evaluate(input("test", "$50", "noop"));
        assertThat(e.configVersion()).isEqualTo("v7");
        assertThat(e.directiveId()).isEqualTo("dir-1");
        assertThat(e.results()).extracting(PolicyResult::policy).containsExactly(Policy.values());
        assertThat(e.results()).extracting(PolicyResult::policy).extracting(Policy::id)
                .containsExactly("budget_parse", "budget_ceiling", "tool_allowlist", "scope_allowlist", "human_approval");
        assertThat(e.results()).extracting(PolicyResult::verdict).containsOnly(ALLOW);
        assertThat(e.results()).extracting(PolicyResult::reason).containsExactly(
                "budget read as $50.00",
                "budget $50.00 is within the ceiling $100.00",
                "requested tools allowed: \"noop\"",
                "scope \"test\" is allowed",
                "approval not required: directives are approved automatically");
        assertThat(e.anyBlocked()).isFalse();
        assertThat(e.blocks()).isEmpty();
        assertThat(e.blockReasons()).isEmpty();
        assertThat(e.approvalRequired()).isFalse();
    }

    @Test
    void anUnreadableBudgetBlocksParseAndCeiling() {
        for (String budget : Arrays.asList(null, "", "abc", "-$5", "€50", "50.001", "1e99")) {
            PolicyEvaluation e = GATE.evaluate(input("test", budget));
            assertThat(e.result(Policy.BUDGET_PARSE).verdict()).as(budget).isEqualTo(BLOCK);
            assertThat(e.result(Policy.BUDGET_PARSE).reason()).as(budget)
                    .isEqualTo(((ParsedBudget.Refused) Budgets.parse(budget)).reason());
            assertThat(e.result(Policy.BUDGET_CEILING)).as(budget).isEqualTo(new PolicyResult(Policy.BUDGET_CEILING, BLOCK,
                    "ceiling $100.00 not checked: the budget could not be read"));
            assertThat(e.result(Policy.TOOL_ALLOWLIST).verdict()).isEqualTo(ALLOW);
            assertThat(e.anyBlocked()).isTrue();
        }
        assertThat(GATE.evaluate(input("test", null)).blockReasons()).containsExactly(
                "budget_parse: budget is missing",
                "budget_ceiling: ceiling $100.00 not checked: the budget could not be read");
    }

    @Test
    void theCeilingAllowsEqualAndBlocksAbove() {
        assertThat(GATE.evaluate(input("test", "$100.00")).result(Policy.BUDGET_CEILING).verdict()).isEqualTo(ALLOW);
        assertThat(GATE.evaluate(input("test", "100 USD")).anyBlocked()).isFalse();
        PolicyEvaluation over = GATE.evaluate(input("test", "$100.01"));
        assertThat(over.result(Policy.BUDGET_PARSE).verdict()).isEqualTo(ALLOW);
        assertThat(over.blocks()).containsExactly(new PolicyResult(Policy.BUDGET_CEILING, BLOCK,
                "budget $100.01 exceeds the ceiling $100.00"));
        assertThat(GATE.evaluate(input("test", "$1,250.50")).blockReasons())
                .containsExactly("budget_ceiling: budget $1,250.50 exceeds the ceiling $100.00");
    }

    @Test
    void toolsOutsideTheAllowlistAreBlockedAndNamedInSortedOrder() {
        assertThat(GATE.evaluate(input("test", "$5")).result(Policy.TOOL_ALLOWLIST))
                .isEqualTo(new PolicyResult(Policy.TOOL_ALLOWLIST, ALLOW, "no tools requested"));
        assertThat(GATE.evaluate(input("test", "$5", "echo", "noop")).result(Policy.TOOL_ALLOWLIST).reason())
                .isEqualTo("requested tools allowed: \"echo\", \"noop\"");
        PolicyEvaluation e = GATE.evaluate(input("test", "$5", "shell", "noop", "browser"));
        assertThat(e.blocks()).containsExactly(new PolicyResult(Policy.TOOL_ALLOWLIST, BLOCK,
                "tools not in the allowlist: \"browser\", \"shell\""));
        assertThat(GATE.evaluate(input("test", "$5", "Noop")).result(Policy.TOOL_ALLOWLIST).verdict())
                .as("names are exact").isEqualTo(BLOCK);
        assertThat(GATE.evaluate(input("test", "$5", (String) null)).result(Policy.TOOL_ALLOWLIST).reason())
                .isEqualTo("tools not in the allowlist: \"\"");
    }

    @Test
    void emptyAllowlistsAllowNothing() {
        PolicyEvaluator closed = new PolicyEvaluator(new PolicyConfig("closed", new BigDecimal("100"), Set.of(), Set.of(),
                ApprovalRule.NEVER));
        PolicyEvaluation e = closed.evaluate(input("test", "$5", "noop"));
        assertThat(e.blockReasons()).containsExactly(
                "tool_allowlist: tools not in the allowlist: \"noop\" (the allowlist is empty: no tool is allowed)",
                "scope_allowlist: scope \"test\" is not in the allowlist (the allowlist is empty: no scope is allowed)");
        assertThat(closed.evaluate(input("test", "$5")).result(Policy.TOOL_ALLOWLIST).verdict())
                .as("no tools requested passes even an empty allowlist").isEqualTo(ALLOW);
    }

    @Test
    void scopesOutsideTheAllowlistOrMissingAreBlocked() {
        assertThat(GATE.evaluate(input(" staging ", "$5")).result(Policy.SCOPE_ALLOWLIST))
                .isEqualTo(new PolicyResult(Policy.SCOPE_ALLOWLIST, ALLOW, "scope \"staging\" is allowed"));
        assertThat(GATE.evaluate(input("production", "$5")).blocks()).containsExactly(new PolicyResult(
                Policy.SCOPE_ALLOWLIST, BLOCK, "scope \"production\" is not in the allowlist"));
        for (String missing : Arrays.asList(null, "", "  ")) {
            assertThat(GATE.evaluate(input(missing, "$5")).blocks()).containsExactly(
                    new PolicyResult(Policy.SCOPE_ALLOWLIST, BLOCK, "scope is missing"));
        }
    }

    @Test
    void everyPolicyBlockingAtOnceGivesEveryReasonInPolicyOrder() {
        PolicyEvaluation e = GATE.evaluate(input("prod", "€5", "shell"));
        assertThat(e.blocks()).extracting(PolicyResult::policy).containsExactly(Policy.BUDGET_PARSE,
                Policy.BUDGET_CEILING, Policy.TOOL_ALLOWLIST, Policy.SCOPE_ALLOWLIST);
        assertThat(e.result(Policy.HUMAN_APPROVAL).verdict()).as("approval never blocks by itself").isEqualTo(ALLOW);
    }

    @Test
    void approvalNeverAndAlways() {
        PolicyEvaluation never = gate(ApprovalRule.NEVER).evaluate(input("test", "$99"));
        assertThat(never.approvalRequired()).isFalse();
        PolicyEvaluation always = gate(ApprovalRule.ALWAYS).evaluate(input("test", "$0"));
        assertThat(always.approvalRequired()).isTrue();
        assertThat(always.result(Policy.HUMAN_APPROVAL))
                .isEqualTo(new PolicyResult(Policy.HUMAN_APPROVAL, ALLOW, "approval required for every directive"));
        assertThat(always.anyBlocked()).isFalse();
    }

    @Test
    void approvalAboveBudgetIsStrictlyAboveTheThreshold() {
        PolicyEvaluator above50 = gate(new ApprovalRule.AboveBudget(new BigDecimal("50")));
        PolicyEvaluation below = above50.evaluate(input("test", "$49.99"));
        PolicyEvaluation equal = above50.evaluate(input("test", "$50"));
        PolicyEvaluation over = above50.evaluate(input("test", "$50.01"));
        assertThat(below.approvalRequired()).isFalse();
        assertThat(equal.approvalRequired()).isFalse();
        assertThat(equal.result(Policy.HUMAN_APPROVAL).reason())
                .isEqualTo("approval not required: budget $50.00 is at most the threshold $50.00");
        assertThat(over.approvalRequired()).isTrue();
        assertThat(over.result(Policy.HUMAN_APPROVAL).reason())
                .isEqualTo("approval required: budget $50.01 is above the threshold $50.00");
        assertThat(over.anyBlocked()).isFalse();
        PolicyEvaluation unreadable = above50.evaluate(input("test", "lots"));
        assertThat(unreadable.approvalRequired()).as("fail closed").isTrue();
        assertThat(unreadable.result(Policy.HUMAN_APPROVAL).reason())
                .isEqualTo("approval required: the budget could not be read against the threshold $50.00");
    }

    @Test
    void deterministicForEqualInputsWhateverTheToolOrder() {
        List<String> tools = new ArrayList<>(List.of("noop", "shell", "echo", "browser", "noop"));
        PolicyEvaluation first = GATE.evaluate(new PolicyInput("dir-1", "ops", "noop", "test", "$5", tools));
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(tools, random);
            PolicyEvaluation again = GATE.evaluate(new PolicyInput("dir-1", "ops", "noop", "test", "$5", List.copyOf(tools)));
            assertThat(again).isEqualTo(first);
            assertThat(again.toMap()).isEqualTo(first.toMap());
        }
        PolicyEvaluator sameVersionRebuilt = new PolicyEvaluator(PolicyConfig.of(CONFIG.toMap()));
        assertThat(sameVersionRebuilt.evaluate(input("test", "$5", "shell", "noop", "browser", "echo")))
                .isEqualTo(first);
        assertThat(GATE.evaluate(input("test", "$5", "shell", "noop", "browser", "echo"))).isEqualTo(first);
    }

    @Test
    void theArtifactContentIsAFixedShape() {
        Map<String, Object> m = GATE.evaluate(input("prod", "$5")).toMap();
        assertThat(m).containsExactly(
                Map.entry("policy_version", "v7"),
                Map.entry("directive_id", "dir-1"),
                Map.entry("blocked", true),
                Map.entry("approval_required", false),
                Map.entry("results", List.of(
                        Map.of("policy", "budget_parse", "verdict", "ALLOW", "reason", "budget read as $5.00"),
                        Map.of("policy", "budget_ceiling", "verdict", "ALLOW",
                                "reason", "budget $5.00 is within the ceiling $100.00"),
                        Map.of("policy", "tool_allowlist", "verdict", "ALLOW", "reason", "no tools requested"),
                        Map.of("policy", "scope_allowlist", "verdict", "BLOCK",
                                "reason", "scope \"prod\" is not in the allowlist"),
                        Map.of("policy", "human_approval", "verdict", "ALLOW",
                                "reason", "approval not required: directives are approved automatically"))));
    }

    @Test
    void inputNeedsAPathSafeDirectiveId() {
        for (String bad : Arrays.asList(null, "", "a/b", "x".repeat(129))) {
            assertThatThrownBy(() -> new PolicyInput(bad, "ops", "noop", "test", "$5", List.of()))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.field()).isEqualTo("directive_id"));
        }
        assertThat(new PolicyInput("d", null, null, null, null, null).requestedTools()).isEmpty();
    }

    @Test
    void anEvaluationMustHoldOneResultPerPolicyInOrder() {
        List<PolicyResult> results = GATE.evaluate(input("test", "$5")).results();
        List<PolicyResult> swapped = new ArrayList<>(results);
        Collections.swap(swapped, 0, 1);
        assertThatThrownBy(() -> new PolicyEvaluation("v7", "dir-1", swapped, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PolicyEvaluation("v7", "dir-1", results.subList(0, 4), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
