package io.jeeves.functions.kernel;

import io.jeeves.kernel.service.Kernel;
import io.jeeves.runtime.JeevesHandler;
import java.time.Clock;
import java.time.Instant;

/** A handler of a kernel RPC: it has the kernel's services and clock. */
public abstract class KernelHandler extends JeevesHandler {
    protected final Kernel kernel = bean(Kernel.class);
    private final Clock clock = bean(Clock.class);

    protected Instant now() {
        return clock.instant();
    }
}
