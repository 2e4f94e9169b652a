package io.jeeves.kernel.store;

import java.time.Instant;

/** Sessions: a user's conversation, kept while there is activity on it. */
public interface SessionStore {

    /** Records activity on the session (creating it on first use). */
    void touch(String userId, String sessionId, Instant now);

    /** Sessions with activity at or after {@code since}. */
    long countActiveSince(Instant since);

    /** Deletes sessions whose last activity is before {@code cutoff}; returns how many. */
    int deleteInactiveBefore(Instant cutoff, int limit);
}
