package io.jeeves.governance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.ErrorCode;
import io.jeeves.error.InvalidArgumentException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PolicyConfigTest {

    /** A complete, valid raw config; tests change one thing in it. */
    private static Map<String, Object> raw() {
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("required", "above_budget");
        approval.put("threshold", "$25");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", "2026-01.1");
        m.put("budget_ceiling", 100);
        m.put("tool_allowlist", List.of("noop", "echo"));
        m.put("scope_allowlist", List.of("test"));
        m.put("approval", approval);
        return m;
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = raw();
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> withApproval(Object required, Object threshold) {
        Map<String, Object> approval = new HashMap<>();
        approval.put("required", required);
        if (threshold != null) {
            approval.put("threshold", threshold);
        }
        return with("approval", approval);
    }

    @Test
    void defaultsAreTheSeedsV1Policies() {
        PolicyConfig d = PolicyConfig.defaults();
        assertThat(d.version()).isEqualTo("default");
        assertThat(d.budgetCeiling()).isEqualTo(new BigDecimal("100.00"));
        assertThat(d.toolAllowlist()).containsExactly("echo", "fail_intentionally", "noop", "test", "validate");
        assertThat(d.scopeAllowlist()).containsExactly("development", "staging", "test");
        assertThat(d.approval()).isEqualTo(ApprovalRule.NEVER);
    }

    @Test
    void readsACompleteRawConfig() {
        PolicyConfig c = PolicyConfig.of(raw());
        assertThat(c.version()).isEqualTo("2026-01.1");
        assertThat(c.budgetCeiling()).isEqualTo(new BigDecimal("100.00"));
        assertThat(c.toolAllowlist()).containsExactly("echo", "noop");
        assertThat(c.scopeAllowlist()).containsExactly("test");
        assertThat(c.approval()).isEqualTo(new ApprovalRule.AboveBudget(new BigDecimal("25")));
        assertThat(((ApprovalRule.AboveBudget) c.approval()).threshold()).isEqualTo(new BigDecimal("25.00"));
    }

    @Test
    void absentKeysTakeTheDefaultsButVersionIsRequired() {
        PolicyConfig c = PolicyConfig.of(Map.of("version", "v2"));
        PolicyConfig d = PolicyConfig.defaults();
        assertThat(c).isEqualTo(new PolicyConfig("v2", d.budgetCeiling(), d.toolAllowlist(), d.scopeAllowlist(), d.approval()));
        assertField(() -> PolicyConfig.of(Map.of()), "version");
    }

    @Test
    void amountsMayBeNumbersOrBudgetTexts() {
        for (Object ceiling : List.<Object>of(250, 250L, 250.0, 250.0f, new BigDecimal("250"), BigInteger.valueOf(250),
                "$250", "250.00 USD")) {
            assertThat(PolicyConfig.of(with("budget_ceiling", ceiling)).budgetCeiling())
                    .as("%s (%s)", ceiling, ceiling.getClass().getSimpleName()).isEqualTo(new BigDecimal("250.00"));
        }
        assertThat(PolicyConfig.of(with("budget_ceiling", 99.99)).budgetCeiling()).isEqualTo(new BigDecimal("99.99"));
        assertThat(PolicyConfig.of(with("budget_ceiling", "$1,250.50")).budgetCeiling()).isEqualTo(new BigDecimal("1250.50"));
    }

    @Test
    void emptyAllowlistsAreKeptEmpty() {
        Map<String, Object> m = with("tool_allowlist", List.of());
        m.put("scope_allowlist", Set.of());
        PolicyConfig c = PolicyConfig.of(m);
        assertThat(c.toolAllowlist()).isEmpty();
        assertThat(c.scopeAllowlist()).isEmpty();
    }

    @Test
    void allowlistsAreSortedDistinctAndUnmodifiable() {
        PolicyConfig c = PolicyConfig.of(with("tool_allowlist", List.of("noop", "echo", "noop")));
        assertThat(c.toolAllowlist()).containsExactly("echo", "noop");
        assertThatThrownBy(() -> c.toolAllowlist().add("shell")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.toolAllowlist()).containsExactly("echo", "noop");
    }

    @Test
    void approvalModes() {
        assertThat(PolicyConfig.of(withApproval("never", null)).approval()).isEqualTo(ApprovalRule.NEVER);
        assertThat(PolicyConfig.of(withApproval("always", null)).approval()).isEqualTo(ApprovalRule.ALWAYS);
        assertThat(PolicyConfig.of(withApproval("above_budget", 0)).approval().mode()).isEqualTo("above_budget");
    }

    @Test
    void rawFormRoundTrips() {
        for (PolicyConfig c : List.of(PolicyConfig.defaults(), PolicyConfig.of(raw()),
                PolicyConfig.of(withApproval("always", null)))) {
            assertThat(PolicyConfig.of(c.toMap())).isEqualTo(c);
        }
        assertThat(PolicyConfig.of(raw()).toMap()).containsOnlyKeys(PolicyConfig.FIELDS)
                .containsEntry("approval", Map.of("required", "above_budget", "threshold", new BigDecimal("25.00")));
    }

    static Stream<Arguments> badConfigs() {
        Map<String, Object> nullVersion = with("version", null);
        Map<String, Object> nullTools = with("tool_allowlist", null);
        Map<String, Object> toolsWithNull = with("tool_allowlist", java.util.Arrays.asList("noop", null));
        Map<String, Object> twoUnknown = with("zeta", 1);
        twoUnknown.put("alpha", 1);
        return Stream.of(
                Arguments.of("unknown key", with("budget", 5), "budget"),
                Arguments.of("unknown keys: first in sorted order", twoUnknown, "alpha"),
                Arguments.of("version not text", with("version", 3), "version"),
                Arguments.of("version null", nullVersion, "version"),
                Arguments.of("version blank", with("version", "  "), "version"),
                Arguments.of("version with slash", with("version", "v1/2"), "version"),
                Arguments.of("ceiling garbage", with("budget_ceiling", "lots"), "budget_ceiling"),
                Arguments.of("ceiling negative", with("budget_ceiling", -1), "budget_ceiling"),
                Arguments.of("ceiling in euros", with("budget_ceiling", "100 EUR"), "budget_ceiling"),
                Arguments.of("ceiling too precise", with("budget_ceiling", 10.001), "budget_ceiling"),
                Arguments.of("ceiling too large", with("budget_ceiling", 1e12), "budget_ceiling"),
                Arguments.of("ceiling not finite", with("budget_ceiling", Double.NaN), "budget_ceiling"),
                Arguments.of("ceiling a boolean", with("budget_ceiling", true), "budget_ceiling"),
                Arguments.of("tools not a list", with("tool_allowlist", "noop"), "tool_allowlist"),
                Arguments.of("tools null", nullTools, "tool_allowlist"),
                Arguments.of("tool not text", with("tool_allowlist", List.of("noop", 7)), "tool_allowlist[1]"),
                Arguments.of("tool null", toolsWithNull, "tool_allowlist[1]"),
                Arguments.of("tool blank", with("tool_allowlist", List.of("")), "tool_allowlist[0]"),
                Arguments.of("tool with space", with("tool_allowlist", List.of("echo", "rm -rf")), "tool_allowlist[1]"),
                Arguments.of("scope not text", with("scope_allowlist", List.of(Map.of())), "scope_allowlist[0]"),
                Arguments.of("scopes a map", with("scope_allowlist", Map.of("test", true)), "scope_allowlist"),
                Arguments.of("approval not an object", with("approval", "always"), "approval"),
                Arguments.of("approval unknown key", with("approval", Map.of("required", "never", "who", "ops")),
                        "approval.who"),
                Arguments.of("approval.required missing", with("approval", Map.of()), "approval.required"),
                Arguments.of("approval.required unknown", withApproval("sometimes", null), "approval.required"),
                Arguments.of("approval.required not text", withApproval(true, null), "approval.required"),
                Arguments.of("threshold missing", withApproval("above_budget", null), "approval.threshold"),
                Arguments.of("threshold with never", withApproval("never", 10), "approval.threshold"),
                Arguments.of("threshold with always", withApproval("always", 10), "approval.threshold"),
                Arguments.of("threshold garbage", withApproval("above_budget", "ten"), "approval.threshold"),
                Arguments.of("threshold negative", withApproval("above_budget", "-$1"), "approval.threshold"),
                Arguments.of("threshold equal to ceiling", withApproval("above_budget", 100), "approval.threshold"),
                Arguments.of("threshold above ceiling", withApproval("above_budget", 150), "approval.threshold"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badConfigs")
    void badValuesAreRefusedNamingTheField(String what, Map<String, Object> raw, String field) {
        Map<String, Object> before = new HashMap<>(raw);
        assertField(() -> PolicyConfig.of(raw), field);
        assertThat(raw).as("the raw map is left as it was").isEqualTo(before);
    }

    @Test
    void messagesAreClear() {
        assertThatThrownBy(() -> PolicyConfig.of(with("budget", 5)))
                .hasMessage("unknown policy config field(s): budget; known: version, budget_ceiling, tool_allowlist, "
                        + "scope_allowlist, approval");
        assertThatThrownBy(() -> PolicyConfig.of(with("budget_ceiling", "100 EUR")))
                .hasMessage("budget_ceiling: budget \"100 EUR\" is in EUR; budgets are in USD only");
        assertThatThrownBy(() -> PolicyConfig.of(withApproval("above_budget", 100)))
                .hasMessageContaining("approval.threshold $100.00 must be below budget_ceiling $100.00");
        assertThatThrownBy(() -> PolicyConfig.of(withApproval("sometimes", null)))
                .hasMessageContaining("\"never\", \"always\", \"above_budget\", got \"sometimes\"");
        assertField(() -> PolicyConfig.of(null), "policy_config");
    }

    @Test
    void theConstructorValidatesToo() {
        PolicyConfig d = PolicyConfig.defaults();
        assertField(() -> new PolicyConfig(null, d.budgetCeiling(), d.toolAllowlist(), d.scopeAllowlist(), d.approval()),
                "version");
        assertField(() -> new PolicyConfig("v", new BigDecimal("-5"), d.toolAllowlist(), d.scopeAllowlist(), d.approval()),
                "budget_ceiling");
        assertField(() -> new PolicyConfig("v", d.budgetCeiling(), null, d.scopeAllowlist(), d.approval()),
                "tool_allowlist");
        assertField(() -> new PolicyConfig("v", d.budgetCeiling(), d.toolAllowlist(), Set.of("ok", "not ok"), d.approval()),
                "scope_allowlist[]");
        assertField(() -> new PolicyConfig("v", d.budgetCeiling(), d.toolAllowlist(), d.scopeAllowlist(), null),
                "approval");
        assertField(() -> new ApprovalRule.AboveBudget(new BigDecimal("1.234")), "approval.threshold");
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
