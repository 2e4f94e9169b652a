package io.jeeves.governance.artifact;

import io.jeeves.kernel.store.Page;
import java.util.List;
import java.util.Optional;

/**
 * Artifact metadata (and inline content). Immutable: there is an insert that refuses a taken id, and
 * no update or delete.
 */
public interface ArtifactStore {

    /** Stores a new artifact; false (and nothing written) when the id is taken. */
    boolean insert(Artifact artifact);

    Optional<Artifact> get(String id);

    /**
     * Newest first (created_at, then id, both descending). Every filter may be null: {@code owner} null
     * lists every owner's. An invalid {@code nextToken} is INVALID_ARGUMENT (field {@code next_token}).
     */
    Page<Artifact> list(String owner, ArtifactType type, String directiveId, int limit, String nextToken);

    /** The newest {@code limit} artifacts of an owner (null: all), of one type (null: any). */
    default List<Artifact> latest(String owner, ArtifactType type, int limit) {
        return list(owner, type, null, limit, null).items();
    }
}
