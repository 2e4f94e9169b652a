package io.jeeves.functions.interrupt;

import io.jeeves.kernel.service.InterruptService;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.runtime.JeevesHandler;

/** A handler of an interrupt RPC. */
public abstract class InterruptHandler extends JeevesHandler {
    protected final InterruptService interrupts = bean(Kernel.class).interrupts();
}
