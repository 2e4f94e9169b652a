package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.service.KernelStores;

/** A fresh set of in-memory stores. */
public final class InMemoryStores {
    private InMemoryStores() {
    }

    public static KernelStores create() {
        return new KernelStores(new InMemoryProcessStore(), new InMemoryInterruptStore(), new InMemoryRateLimitStore(),
                new InMemorySettingsStore(), new InMemorySessionStore());
    }
}
