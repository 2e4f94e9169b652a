package io.jeeves.runtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;

/**
 * The Micronaut application context of this JVM, started once on first use (one Lambda execution
 * environment: one context; the local stack: one context shared by every function it hosts).
 * Cloud deduction is off: it probes the network and costs cold-start time.
 */
public final class FunctionContext {
    private static volatile ApplicationContext context;

    private FunctionContext() {
    }

    public static ApplicationContext get() {
        ApplicationContext c = context;
        if (c == null) {
            synchronized (FunctionContext.class) {
                c = context;
                if (c == null) {
                    c = ApplicationContext.builder().deduceEnvironment(false).deduceCloudEnvironment(false)
                            .environments(Environment.FUNCTION, "lambda").start();
                    context = c;
                }
            }
        }
        return c;
    }

    public static <T> T bean(Class<T> type) {
        return get().getBean(type);
    }

    /** Stops the context (tests, and the local stack at shutdown); the next use starts a new one. */
    public static synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
