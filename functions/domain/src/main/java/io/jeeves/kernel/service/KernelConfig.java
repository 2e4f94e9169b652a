package io.jeeves.kernel.service;

import io.jeeves.kernel.ResourceQuota;
import io.jeeves.kernel.ratelimit.RateLimitConfig;

/**
 * The configured base of the kernel: the quota and rate limits in force before an operator stores
 * other defaults, and the cleanup retention.
 */
public record KernelConfig(ResourceQuota baseQuota, RateLimitConfig baseRateLimits, CleanupConfig cleanup) {
    public static final KernelConfig DEFAULTS = new KernelConfig(ResourceQuota.DEFAULTS, RateLimitConfig.DEFAULTS,
            CleanupConfig.DEFAULTS);
}
