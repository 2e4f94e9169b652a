package io.jeeves.governance.directive.memory;

import io.jeeves.error.JeevesException;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.governance.directive.DirectiveStore;
import io.jeeves.governance.directive.DirectiveTransition;
import io.jeeves.kernel.store.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test double honouring the {@link DirectiveStore} contract: one lock makes each write atomic. */
public final class InMemoryDirectiveStore implements DirectiveStore {
    private static final Comparator<Directive> CREATION = Comparator.comparing(Directive::createdAt)
            .thenComparing(Directive::id);

    private final Map<String, Directive> directives = new HashMap<>();
    private final Map<String, List<DirectiveTransition>> trails = new HashMap<>();

    @Override
    public synchronized boolean insert(Directive directive, List<DirectiveTransition> trail) {
        if (directives.containsKey(directive.id())) {
            return false;
        }
        for (DirectiveTransition t : trail) {
            requireEntryOf(directive.id(), 1, t);
        }
        directives.put(directive.id(), directive.withVersion(1));
        trails.put(directive.id(), new ArrayList<>(trail));
        return true;
    }

    @Override
    public synchronized Optional<Directive> get(String id) {
        return Optional.ofNullable(directives.get(id));
    }

    @Override
    public synchronized Optional<Directive> transition(Directive next, DirectiveTransition entry) {
        requireEntryOf(next.id(), next.version() + 1, entry);
        Directive current = directives.get(next.id());
        if (current == null || current.version() != next.version()) {
            return Optional.empty();
        }
        Directive stored = next.withVersion(next.version() + 1);
        directives.put(stored.id(), stored);
        trails.get(stored.id()).add(entry);
        return Optional.of(stored);
    }

    @Override
    public synchronized Page<Directive> list(String owner, String role, DirectiveStatus status, int limit,
            String nextToken) {
        List<Directive> matching = directives.values().stream()
                .filter(d -> owner == null || d.owner().equals(owner))
                .filter(d -> role == null || d.role().equals(role))
                .filter(d -> status == null || d.status() == status)
                .sorted(CREATION).toList();
        int start = startOf(nextToken, matching.size());
        int end = Math.min(matching.size(), start + limit);
        return new Page<>(matching.subList(start, end), end == matching.size() ? null : "at:" + end);
    }

    @Override
    public synchronized Optional<Directive> latestByRole(String owner, String role) {
        return directives.values().stream().filter(d -> d.owner().equals(owner) && d.role().equals(role))
                .max(CREATION);
    }

    @Override
    public synchronized List<DirectiveTransition> history(String directiveId) {
        return List.copyOf(trails.getOrDefault(directiveId, List.of()));
    }

    private static int startOf(String token, int size) {
        if (token == null) {
            return 0;
        }
        try {
            int start = Integer.parseInt(token.substring(token.startsWith("at:") ? 3 : token.length()));
            if (start >= 0 && start <= size) {
                return start;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw JeevesException.invalidArgument("next_token", "next_token is not a valid page token");
    }

    private static void requireEntryOf(String directiveId, long version, DirectiveTransition entry) {
        if (!entry.directiveId().equals(directiveId) || entry.version() != version) {
            throw new IllegalArgumentException("audit entry " + entry + " does not belong to version " + version
                    + " of directive " + directiveId);
        }
    }
}
