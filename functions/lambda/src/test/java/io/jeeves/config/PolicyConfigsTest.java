package io.jeeves.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.governance.policy.ApprovalRule;
import io.jeeves.governance.policy.PolicyConfig;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy configuration: where it is read from, and a bad one stopping the start with the field named. */
class PolicyConfigsTest {
    private static final String POLICY = """
            {"version": "2026-11-a", "budget_ceiling": "$250.00", "tool_allowlist": ["noop", "echo"],
             "scope_allowlist": ["test"], "approval": {"required": "above_budget", "threshold": 50}}""";

    @TempDir
    Path dir;

    private static JeevesSettings settings(Map<String, String> properties) {
        return JeevesSettings.from(key -> Optional.ofNullable(properties.get(key)));
    }

    private static final java.util.function.Function<String, String> NO_SSM = name -> {
        throw new AssertionError("SSM read for " + name);
    };

    @Test
    void withoutAPolicySettingTheDefaultsApply() {
        JeevesSettings s = settings(Map.of());
        assertThat(s.policy()).isEmpty();
        assertThat(PolicyConfigs.load(s.policy(), NO_SSM)).isEqualTo(PolicyConfig.defaults());
    }

    @Test
    void aFileAnSsmParameterOrTheJsonItselfGiveTheSameConfig() throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, POLICY);
        PolicyConfig fromFile = PolicyConfigs.load(settings(Map.of("jeeves.policy.file", file.toString())).policy(), NO_SSM);
        assertThat(fromFile.version()).isEqualTo("2026-11-a");
        assertThat(fromFile.budgetCeiling()).isEqualByComparingTo(new BigDecimal("250.00"));
        assertThat(fromFile.toolAllowlist()).containsExactlyInAnyOrder("noop", "echo");
        assertThat(fromFile.approval()).isEqualTo(new ApprovalRule.AboveBudget(new BigDecimal("50.00")));

        AtomicInteger reads = new AtomicInteger();
        PolicyConfig fromSsm = PolicyConfigs.load(settings(Map.of("jeeves.policy.ssm-parameter", "/jeeves/policy")).policy(),
                name -> {
                    reads.incrementAndGet();
                    assertThat(name).isEqualTo("/jeeves/policy");
                    return POLICY;
                });
        assertThat(fromSsm).isEqualTo(fromFile);
        assertThat(reads).hasValue(1);
        assertThat(PolicyConfigs.load(settings(Map.of("jeeves.policy.json", POLICY)).policy(), NO_SSM)).isEqualTo(fromFile);
    }

    @Test
    void aBadPolicyStopsTheStartNamingTheSettingAndTheField() throws Exception {
        String bad = POLICY.replace("\"threshold\": 50", "\"threshold\": -5");
        assertThatThrownBy(() -> PolicyConfigs.load(settings(Map.of("jeeves.policy.json", bad)).policy(), NO_SSM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jeeves.policy.json").hasMessageContaining("approval.threshold");
        Path file = dir.resolve("typo.json");
        Files.writeString(file, POLICY.replace("budget_ceiling", "budget_cieling"));
        assertThatThrownBy(() -> PolicyConfigs.load(settings(Map.of("jeeves.policy.file", file.toString())).policy(), NO_SSM))
                .hasMessageContaining("jeeves.policy.file (" + file + ")").hasMessageContaining("budget_cieling");
        assertThatThrownBy(() -> PolicyConfigs.load(settings(Map.of("jeeves.policy.file", dir.resolve("none.json").toString()))
                .policy(), NO_SSM)).hasMessageContaining("cannot read the file");
        assertThatThrownBy(() -> PolicyConfigs.load(settings(Map.of("jeeves.policy.json", "[1, 2]")).policy(), NO_SSM))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> PolicyConfigs.load(settings(Map.of("jeeves.policy.ssm-parameter", "/missing")).policy(),
                name -> {
                    throw new IllegalArgumentException("ParameterNotFound");
                })).hasMessageContaining("cannot read the SSM parameter").hasMessageContaining("ParameterNotFound");
    }

    @Test
    void twoSourcesAtOnceAreRefused() {
        Map<String, String> both = new HashMap<>(Map.of("jeeves.policy.json", POLICY, "jeeves.policy.file", "/x.json"));
        assertThatThrownBy(() -> settings(both)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(List.of("jeeves.policy.file", "jeeves.policy.json").toString());
    }
}
