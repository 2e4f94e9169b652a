package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.store.SessionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A test double honouring the {@link SessionStore} contract. */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, Instant> lastActivity = new HashMap<>();

    @Override
    public synchronized void touch(String userId, String sessionId, Instant now) {
        lastActivity.merge(userId + "\u0000" + sessionId, now, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public synchronized long countActiveSince(Instant since) {
        return lastActivity.values().stream().filter(t -> !t.isBefore(since)).count();
    }

    @Override
    public synchronized int deleteInactiveBefore(Instant cutoff, int limit) {
        int n = 0;
        var it = lastActivity.entrySet().iterator();
        while (it.hasNext() && n < limit) {
            if (it.next().getValue().isBefore(cutoff)) {
                it.remove();
                n++;
            }
        }
        return n;
    }
}
