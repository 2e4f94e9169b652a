package io.jeeves.governance.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.testing.Concurrently;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApprovalRequestStore} must do; subclasses supply a fresh store. */
public abstract class ApprovalRequestStoreContract {
    protected final Instant t0 = Instant.parse("2026-11-21T10:00:00.123456Z");
    protected ApprovalRequestStore store;

    protected abstract ApprovalRequestStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    private ApprovalRequest request(String directive, String token) {
        return new ApprovalRequest(directive, token, "arn:aws:states:us-east-1:000000000000:execution:approval:" + directive,
                t0, t0.plusSeconds(3600));
    }

    @Test
    void aRequestReadsBackWhole() {
        assertThat(store.get("dir_a")).isEmpty();
        store.put(request("dir_a", "token-1"));
        assertThat(store.get("dir_a")).contains(request("dir_a", "token-1"));
        assertThat(store.get("dir_b")).isEmpty();
    }

    @Test
    void aNewProposalsRequestReplacesTheOldOne() {
        store.put(request("dir_a", "token-1"));
        store.put(request("dir_a", "token-2"));
        assertThat(store.get("dir_a").orElseThrow().taskToken()).isEqualTo("token-2");
        assertThat(store.take("dir_a", "token-1")).as("the old token takes nothing").isFalse();
        assertThat(store.get("dir_a")).isPresent();
    }

    @Test
    void aRequestIsTakenOnceByOneOfManyRacers() throws Exception {
        store.put(request("dir_a", "token-1"));
        List<Boolean> taken = Concurrently.run(8, i -> store.take("dir_a", "token-1"));
        assertThat(taken).containsOnlyOnce(true);
        assertThat(store.get("dir_a")).isEmpty();
        assertThat(store.take("dir_a", "token-1")).isFalse();
        assertThat(store.take("dir_none", "token-1")).isFalse();
    }
}
