package io.jeeves.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.catalog.Catalog;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings the governance functions read: buckets, state machines, endpoints, the approval time-out. */
class JeevesSettingsTest {
    private static JeevesSettings settings(Map<String, String> properties) {
        return JeevesSettings.from(key -> Optional.ofNullable(properties.get(key)));
    }

    @Test
    void defaultsNameBucketsAfterThePrefixAndLeaveStateMachinesUnset() {
        JeevesSettings s = settings(Map.of("jeeves.table-prefix", "dev-"));
        assertThat(s.bucket(Catalog.ARTIFACTS)).isEqualTo("dev-artifacts");
        assertThat(s.s3Endpoint()).isEmpty();
        assertThat(s.stepFunctionsEndpoint()).isEmpty();
        assertThat(s.approvalTimeout()).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> s.stateMachine(Catalog.APPROVAL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jeeves.state-machines.approval").hasMessageContaining("JEEVES_STATE_MACHINES_APPROVAL");
    }

    @Test
    void givenValuesAreRead() {
        JeevesSettings s = settings(Map.of("jeeves.buckets.artifacts", "my-bucket", "jeeves.state-machines.approval",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:jeeves-approval", "jeeves.s3.endpoint",
                "http://localhost:9000", "jeeves.stepfunctions.endpoint", "http://localhost:8083",
                "jeeves.governance.approval_timeout_seconds", "60"));
        assertThat(s.bucket(Catalog.ARTIFACTS)).isEqualTo("my-bucket");
        assertThat(s.stateMachine(Catalog.APPROVAL)).endsWith(":stateMachine:jeeves-approval");
        assertThat(s.s3Endpoint()).contains(URI.create("http://localhost:9000"));
        assertThat(s.stepFunctionsEndpoint()).contains(URI.create("http://localhost:8083"));
        assertThat(s.approvalTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void badValuesStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> settings(Map.of("jeeves.governance.approval_timeout_seconds", "0")))
                .hasMessageContaining("jeeves.governance.approval_timeout_seconds");
        assertThatThrownBy(() -> settings(Map.of("jeeves.governance.approval_timeout_seconds", "604801")))
                .hasMessageContaining("1 to 604800 seconds");
        assertThatThrownBy(() -> settings(Map.of("jeeves.governance.approval_timeout_seconds", "soon")))
                .hasMessageContaining("jeeves.governance.approval_timeout_seconds");
        assertThatThrownBy(() -> settings(Map.of("jeeves.s3.endpoint", "not a url")))
                .hasMessageContaining("jeeves.s3.endpoint");
        assertThatThrownBy(() -> settings(Map.of("jeeves.stepfunctions.endpoint", "localhost")))
                .hasMessageContaining("jeeves.stepfunctions.endpoint");
    }
}
