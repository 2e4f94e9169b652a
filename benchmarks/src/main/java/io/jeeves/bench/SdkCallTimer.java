package io.jeeves.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Times every AWS SDK call made on the current thread, from the start of the SDK's execution to the
 * response object handed back. Registered for every client on the benchmark classpath
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}); it only counts while a
 * measurement is open on the thread.
 */
public final class SdkCallTimer implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("jeeves.bench.started");
    private static final ThreadLocal<long[]> OPEN = new ThreadLocal<>();

    /** Starts counting on this thread. */
    public static void open() {
        OPEN.set(new long[2]);
    }

    /** Stops counting; returns {nanos spent inside SDK calls, number of calls}. */
    public static long[] close() {
        long[] r = OPEN.get();
        OPEN.remove();
        return r == null ? new long[2] : r;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (OPEN.get() != null) {
            attributes.putAttribute(STARTED, System.nanoTime());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private static void record(ExecutionAttributes attributes) {
        long[] r = OPEN.get();
        Long started = attributes.getAttribute(STARTED);
        if (r != null && started != null) {
            r[0] += System.nanoTime() - started;
            r[1]++;
        }
    }
}
