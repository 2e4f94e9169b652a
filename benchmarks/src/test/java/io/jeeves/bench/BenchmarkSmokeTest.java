package io.jeeves.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.local.LocalStack;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmarks runnable: a few iterations of the warm and concurrency benchmarks (every scenario
 * must succeed; exactly the limit must be admitted). No timing is asserted here: the figures live in
 * docs/benchmarks.md and come from benchmarks/run.sh.
 */
class BenchmarkSmokeTest {
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        LlmBench.configure();
        stack = LocalStack.ephemeral().start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void everyRouteHasAWarmScenarioAndEachSucceeds() throws Exception {
        List<WarmLatencyBench.Result> results = new WarmLatencyBench().run(2, 5);
        long routed = Catalog.functions().stream().filter(f -> !f.routes().isEmpty()).count();
        assertThat(results).hasSize((int) routed);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.handler().p50()).isPositive();
            assertThat(r.callsPerInvocation()).isGreaterThanOrEqualTo(1.0);
        });
    }

    @Test
    void concurrentCallersAreAdmittedExactlyUpToTheLimit() throws Exception {
        List<ConcurrencyBench.Result> results = new ConcurrencyBench(stack.apiUrl()).run(16, 3, 20, 15);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.admitted()).isEqualTo(r.limit());
            assertThat(r.finalCount()).isEqualTo(r.limit());
        });
    }
}
