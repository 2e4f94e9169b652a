package io.jeeves.kernel.service;

import java.time.Clock;

/** The kernel's services, wired over one set of stores: the composition root for tests and functions alike. */
public final class Kernel {
    private final ProcessService processes;
    private final QuotaService quotas;
    private final QuotaDefaults quotaDefaults;
    private final RateLimitService rateLimits;
    private final InterruptService interrupts;
    private final SystemStatusService status;
    private final CleanupService cleanup;

    public Kernel(KernelStores stores, KernelConfig config, Clock clock) {
        this.quotaDefaults = new QuotaDefaults(stores.settings(), config.baseQuota(), clock);
        this.rateLimits = new RateLimitService(stores.rateLimits(), stores.settings(), config.baseRateLimits(), clock);
        this.processes = new ProcessService(stores.processes(), stores.sessions(), stores.settings(), rateLimits,
                quotaDefaults, clock);
        this.quotas = new QuotaService(processes, stores.processes(), clock);
        this.interrupts = new InterruptService(stores.interrupts(), stores.sessions(), clock);
        this.status = new SystemStatusService(processes, stores.sessions(), stores.interrupts(), config.cleanup(), clock);
        this.cleanup = new CleanupService(stores.processes(), stores.sessions(), stores.interrupts(), stores.rateLimits(),
                config.cleanup(), clock);
    }

    public ProcessService processes() {
        return processes;
    }

    public QuotaService quotas() {
        return quotas;
    }

    public QuotaDefaults quotaDefaults() {
        return quotaDefaults;
    }

    public RateLimitService rateLimits() {
        return rateLimits;
    }

    public InterruptService interrupts() {
        return interrupts;
    }

    public SystemStatusService status() {
        return status;
    }

    public CleanupService cleanup() {
        return cleanup;
    }
}
