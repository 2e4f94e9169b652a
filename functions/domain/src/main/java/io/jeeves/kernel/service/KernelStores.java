package io.jeeves.kernel.service;

import io.jeeves.kernel.store.InterruptStore;
import io.jeeves.kernel.store.ProcessStore;
import io.jeeves.kernel.store.RateLimitStore;
import io.jeeves.kernel.store.SessionStore;
import io.jeeves.kernel.store.SettingsStore;

/** The storage the kernel runs on. */
public record KernelStores(ProcessStore processes, InterruptStore interrupts, RateLimitStore rateLimits,
        SettingsStore settings, SessionStore sessions) {
}
