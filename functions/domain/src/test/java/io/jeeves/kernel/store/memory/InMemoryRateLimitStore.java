package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.ratelimit.RateState;
import io.jeeves.kernel.store.RateLimitStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A test double honouring the {@link RateLimitStore} contract. */
public final class InMemoryRateLimitStore implements RateLimitStore {
    private record Entry(RateState state, Instant forgetAfter) {
    }

    private final Map<String, Entry> byUser = new HashMap<>();

    @Override
    public synchronized RateState load(String userId) {
        Entry e = byUser.get(userId);
        return e == null ? RateState.empty() : e.state();
    }

    @Override
    public synchronized boolean compareAndSet(String userId, RateState next, Instant forgetAfter) {
        Entry e = byUser.get(userId);
        long stored = e == null ? 0 : e.state().version();
        if (stored != next.version()) {
            return false;
        }
        byUser.put(userId, new Entry(new RateState(next.seconds(), next.minutes(), next.hours(), stored + 1), forgetAfter));
        return true;
    }

    @Override
    public synchronized int deleteIdle(Instant now, int limit) {
        int n = 0;
        var it = byUser.entrySet().iterator();
        while (it.hasNext() && n < limit) {
            if (it.next().getValue().forgetAfter().isBefore(now)) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    public synchronized int size() {
        return byUser.size();
    }
}
