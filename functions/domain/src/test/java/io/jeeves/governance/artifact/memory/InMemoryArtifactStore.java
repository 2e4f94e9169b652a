package io.jeeves.governance.artifact.memory;

import io.jeeves.error.JeevesException;
import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.governance.artifact.ArtifactType;
import io.jeeves.kernel.store.Page;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test double honouring the {@link ArtifactStore} contract. Page tokens are the last item's sort key
 * ({@code created_at|id}), so pages stay stable while artifacts are added.
 */
public final class InMemoryArtifactStore implements ArtifactStore {
    private static final Comparator<Artifact> NEWEST_FIRST = Comparator.comparing(Artifact::createdAt)
            .thenComparing(Artifact::id).reversed();
    private final Map<String, Artifact> byId = new HashMap<>();

    @Override
    public synchronized boolean insert(Artifact artifact) {
        return byId.putIfAbsent(artifact.id(), artifact) == null;
    }

    @Override
    public synchronized Optional<Artifact> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Page<Artifact> list(String owner, ArtifactType type, String directiveId, int limit,
            String nextToken) {
        SortKey after = nextToken == null ? null : SortKey.parse(nextToken);
        List<Artifact> matching = byId.values().stream()
                .filter(a -> owner == null || a.owner().equals(owner))
                .filter(a -> type == null || a.type().equals(type))
                .filter(a -> directiveId == null || directiveId.equals(a.directiveId()))
                .filter(a -> after == null || after.isBefore(a))
                .sorted(NEWEST_FIRST).limit(limit + 1L).toList();
        if (matching.size() <= limit) {
            return new Page<>(matching, null);
        }
        Artifact last = matching.get(limit - 1);
        return new Page<>(matching.subList(0, limit), last.createdAt() + "|" + last.id());
    }

    private record SortKey(Instant createdAt, String id) {
        static SortKey parse(String token) {
            int bar = token.indexOf('|');
            try {
                if (bar < 1 || bar == token.length() - 1) {
                    throw new IllegalArgumentException(token);
                }
                return new SortKey(Instant.parse(token.substring(0, bar)), token.substring(bar + 1));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw JeevesException.invalidArgument("next_token", "next_token is not a valid page token");
            }
        }

        /** Whether {@code a} comes after this key in newest-first order. */
        boolean isBefore(Artifact a) {
            int byTime = a.createdAt().compareTo(createdAt);
            return byTime < 0 || byTime == 0 && a.id().compareTo(id) < 0;
        }
    }
}
