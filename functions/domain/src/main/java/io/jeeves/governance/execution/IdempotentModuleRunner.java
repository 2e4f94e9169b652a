package io.jeeves.governance.execution;

import io.jeeves.error.JeevesException;
import io.jeeves.error.ResourceExhaustedException;
import io.jeeves.error.UnavailableException;
import io.jeeves.governance.execution.module.ExecutionModule;
import io.jeeves.governance.execution.module.ModuleInput;
import io.jeeves.governance.execution.module.ModuleRegistry;
import io.jeeves.governance.execution.module.ModuleResult;
import io.jeeves.governance.execution.store.IdempotencyRecord;
import io.jeeves.governance.execution.store.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a module at most once per {@link ModuleInput#idempotencyKey() idempotency key} while its record
 * lives (Powertools idempotency is not on our registry, so this is ours).
 *
 * <ol>
 * <li>The key is taken with a conditional {@link IdempotencyStore#begin}. A COMPLETED key returns the stored
 * result and the module does not run. A key IN_PROGRESS whose lease has not ended answers UNAVAILABLE
 * (retryable, with the seconds left on the lease): another attempt is running it now. A lease that ended
 * means that attempt crashed, and the key is taken over.</li>
 * <li>The budget is checked before the module runs; a refusal is a FAILURE result
 * ({@link ModuleResult#BUDGET_REFUSED}) and the module is not invoked.</li>
 * <li>The module runs.</li>
 * </ol>
 *
 * <p><b>What is stored, what is retried.</b> SUCCESS and FAILURE are final and stored. A module that throws
 * is an ERROR: its exception's class and message are recorded, and the ERROR is stored as COMPLETED too, so a
 * redelivery does not run the module again: a module that threw half-way may have had side effects, and a
 * deterministic bug would only throw again; the execution flow fails the run with the error. The exceptions
 * that mean "a dependency is busy or down, try later", {@link UnavailableException} and
 * {@link ResourceExhaustedException}, are transient: the key is released and the exception propagates, so
 * the Lambda fails with that error type and the state machine's bounded {@code Retry} (with back-off) runs
 * it again. Anything else failing before the result is stored (the budget check, the store) also releases
 * the key when it can; if the process dies instead, the lease runs out and the next attempt takes over.
 */
public final class IdempotentModuleRunner {
    private static final int MAX_BEGIN_ATTEMPTS = 5;

    private final ModuleRegistry registry;
    private final IdempotencyStore store;
    private final BudgetCheck budget;
    private final Clock clock;
    private final Duration inProgressTtl;
    private final Duration ttl;

    /**
     * @param inProgressTtl how long one attempt holds the key; longer than the module's time-out
     * @param ttl how long a result is kept (and a redelivery answered from it); at least {@code inProgressTtl}
     */
    public IdempotentModuleRunner(ModuleRegistry registry, IdempotencyStore store, BudgetCheck budget, Clock clock,
            Duration inProgressTtl, Duration ttl) {
        if (inProgressTtl.isNegative() || inProgressTtl.isZero()) {
            throw JeevesException.invalidArgument("in_progress_ttl", "in_progress_ttl must be positive");
        }
        if (ttl.compareTo(inProgressTtl) < 0) {
            throw JeevesException.invalidArgument("ttl", "ttl must be at least in_progress_ttl");
        }
        this.registry = registry;
        this.store = store;
        this.budget = budget;
        this.clock = clock;
        this.inProgressTtl = inProgressTtl;
        this.ttl = ttl;
    }

    /** The modules this runner runs. */
    public ModuleRegistry registry() {
        return registry;
    }

    /**
     * The result for {@code input}: stored, or made now by running its module once.
     *
     * @throws io.jeeves.error.InvalidArgumentException naming {@code type} when no module has that name
     * @throws UnavailableException while another attempt holds the key, or when the module says so
     * @throws ResourceExhaustedException when the module says so
     */
    public ModuleResult run(ModuleInput input) {
        ExecutionModule module = registry.lookup(input.type());
        String key = input.idempotencyKey();
        Optional<ModuleResult> stored = take(key);
        if (stored.isPresent()) {
            return stored.get();
        }
        ModuleResult result;
        try {
            result = invoke(module, input);
        } catch (RuntimeException transientOrOurs) {
            store.release(key);
            throw transientOrOurs;
        }
        if (store.complete(key, result)) {
            return result;
        }
        // Our lease ran out and another attempt completed the key first: its result is the one kept.
        return store.get(key).filter(r -> r.status() == IdempotencyRecord.Status.COMPLETED)
                .map(IdempotencyRecord::result).orElse(result);
    }

    /** Takes the key (empty) or returns the result already stored for it. */
    private Optional<ModuleResult> take(String key) {
        for (int i = 0; i < MAX_BEGIN_ATTEMPTS; i++) {
            Instant now = clock.instant();
            if (store.begin(key, now, inProgressTtl, ttl)) {
                return Optional.empty();
            }
            Optional<IdempotencyRecord> current = store.get(key);
            if (current.isPresent() && !current.get().canBeBegunAgain(now)) {
                IdempotencyRecord r = current.get();
                if (r.status() == IdempotencyRecord.Status.COMPLETED) {
                    return Optional.of(r.result());
                }
                long seconds = Math.max(1, Duration.between(now, r.inProgressExpiresAt()).toSeconds());
                throw new UnavailableException("Module invocation " + key + " is in progress; retry later", seconds,
                        null);
            }
            // released or expired between our begin and our read: try to take it again
        }
        throw new UnavailableException("Module invocation " + key + " is contended; retry later", 1L, null);
    }

    private ModuleResult invoke(ExecutionModule module, ModuleInput input) {
        String refusal = budget.refusal(input);
        if (refusal != null) {
            return new ModuleResult(ModuleResult.Status.FAILURE, Map.of(), ModuleResult.BUDGET_REFUSED, refusal);
        }
        try {
            ModuleResult result = module.execute(input);
            return result != null ? result
                    : ModuleResult.error(new IllegalStateException("module " + module.name() + " returned no result"));
        } catch (UnavailableException | ResourceExhaustedException e) {
            throw e;
        } catch (RuntimeException e) {
            return ModuleResult.error(e);
        }
    }
}
