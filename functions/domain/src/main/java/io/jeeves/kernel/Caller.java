package io.jeeves.kernel;

import java.util.Set;

/**
 * Who is calling. Over HTTP it is the JWT's {@code sub} and scopes (API Gateway's JWT authorizer
 * validated the token); a direct invocation (Step Functions, another function) is the trusted system.
 */
public record Caller(String subject, Set<String> scopes, boolean trusted) {
    public static final String SCOPE_ADMIN = "jeeves/admin";
    public static final String SCOPE_WORKER = "jeeves/worker";
    /** The owner given to processes a system caller creates without naming a user (as the reference did). */
    public static final String ANONYMOUS = "anonymous";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** The trusted caller of a direct invocation. */
    public static Caller system() {
        return new Caller("system", Set.of(), true);
    }

    public static Caller user(String subject, Set<String> scopes) {
        return new Caller(subject, scopes, false);
    }

    /** May act for any user: the system, or {@code jeeves/admin}. */
    public boolean isAdmin() {
        return trusted || scopes.contains(SCOPE_ADMIN);
    }

    /** May take work from the scheduler and run other users' processes: {@code jeeves/worker} or admin. */
    public boolean isWorker() {
        return isAdmin() || scopes.contains(SCOPE_WORKER);
    }

    public boolean canActFor(String userId) {
        return isAdmin() || subject.equals(userId);
    }

    /** Whose resources a request is about when it names no user. */
    public String defaultOwner() {
        return trusted ? ANONYMOUS : subject;
    }
}
