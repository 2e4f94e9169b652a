package io.jeeves.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InProcessContextTest {
    @Test
    void requestIdsAreVersion4UuidsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = new InProcessContext("fn", 1000).getAwsRequestId();
            UUID u = UUID.fromString(id);
            assertThat(u.version()).isEqualTo(4);
            assertThat(u.variant()).isEqualTo(2);
            assertThat(seen.add(id)).as("unique").isTrue();
        }
    }

    @Test
    void shapedLikeLambdasContext() {
        InProcessContext c = new InProcessContext("jeeves-GetProcess", 30_000);
        assertThat(c.getInvokedFunctionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:jeeves-GetProcess");
        assertThat(c.getLogGroupName()).isEqualTo("/aws/lambda/jeeves-GetProcess");
        assertThat(c.getRemainingTimeInMillis()).isBetween(1, 30_000);
    }
}
