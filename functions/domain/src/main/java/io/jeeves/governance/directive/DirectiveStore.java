package io.jeeves.governance.directive;

import io.jeeves.kernel.store.Page;
import java.util.List;
import java.util.Optional;

/**
 * Directives and their audit trails. Every write is conditional and a directive never changes without
 * its audit entry: the DynamoDB implementation writes both in one TransactWriteItems (a condition on the
 * directive's version, and {@code attribute_not_exists} on the entry's key {@code (directive_id, version)}).
 */
public interface DirectiveStore {

    /**
     * Stores a new directive (version becomes 1) together with its initial trail (empty, or the
     * draft → proposed entry of a directive created proposed, with version 1). All or nothing: false,
     * with nothing written, when the id is taken.
     */
    boolean insert(Directive directive, List<DirectiveTransition> trail);

    Optional<Directive> get(String id);

    /**
     * Replaces the directive with {@code next} and appends {@code entry} to its trail, atomically, if the
     * stored version is still {@code next.version()}. {@code entry.version()} must be
     * {@code next.version() + 1} and {@code entry.directiveId()} must be {@code next.id()}
     * (IllegalArgumentException otherwise: a programming error). Returns the stored directive
     * (version + 1), or empty, with nothing written, when the version no longer matches or the
     * directive is gone.
     */
    Optional<Directive> transition(Directive next, DirectiveTransition entry);

    /**
     * Directives in creation order (oldest first, then by id). {@code owner}, {@code role} and
     * {@code status} may be null (no filter). {@code nextToken} is opaque, from the previous page.
     */
    Page<Directive> list(String owner, String role, DirectiveStatus status, int limit, String nextToken);

    /** The owner's most recently created directive for {@code role} (ties broken by the greater id). */
    Optional<Directive> latestByRole(String owner, String role);

    /** The directive's audit trail in order (by version); empty for an unknown id. */
    List<DirectiveTransition> history(String directiveId);
}
