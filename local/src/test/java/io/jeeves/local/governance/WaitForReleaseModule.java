package io.jeeves.local.governance;

import io.jeeves.governance.execution.module.ExecutionModule;
import io.jeeves.governance.execution.module.ModuleInput;
import io.jeeves.governance.execution.module.ModuleResult;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A module a test holds running until it releases it (to cancel a run mid-way); found through
 * META-INF/services like any capability author's module.
 */
public final class WaitForReleaseModule implements ExecutionModule {
    private static volatile CountDownLatch release = new CountDownLatch(1);
    private static final AtomicInteger STARTED = new AtomicInteger();

    /** Holds the next runs until {@link #releaseAll}. */
    public static void reset() {
        release = new CountDownLatch(1);
    }

    public static void releaseAll() {
        release.countDown();
    }

    public static int started() {
        return STARTED.get();
    }

    @Override
    public String name() {
        return "wait_for_release";
    }

    @Override
    public ModuleResult execute(ModuleInput input) {
        STARTED.incrementAndGet();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ModuleResult.success(Map.of("released", true));
    }
}
