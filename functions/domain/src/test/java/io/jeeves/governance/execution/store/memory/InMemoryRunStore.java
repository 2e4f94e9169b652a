package io.jeeves.governance.execution.store.memory;

import io.jeeves.governance.execution.ExecutionRun;
import io.jeeves.governance.execution.RunStatus;
import io.jeeves.governance.execution.store.RunStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A test double honouring the {@link RunStore} contract. */
public final class InMemoryRunStore implements RunStore {
    private static final Comparator<ExecutionRun> NEWEST_FIRST =
            Comparator.comparing(ExecutionRun::createdAt).reversed().thenComparing(ExecutionRun::id);

    private final Map<String, ExecutionRun> byId = new HashMap<>();

    @Override
    public synchronized boolean insert(ExecutionRun run) {
        return byId.putIfAbsent(run.id(), run.withVersion(1)) == null;
    }

    @Override
    public synchronized Optional<ExecutionRun> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<ExecutionRun> update(ExecutionRun next) {
        ExecutionRun current = byId.get(next.id());
        if (current == null || current.version() != next.version()) {
            return Optional.empty();
        }
        ExecutionRun stored = next.withVersion(next.version() + 1);
        byId.put(next.id(), stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized List<ExecutionRun> byDirective(String directiveId) {
        return sorted(byId.values().stream().filter(r -> r.directiveId().equals(directiveId)));
    }

    @Override
    public synchronized List<ExecutionRun> byOwner(String owner, RunStatus status, int limit) {
        return sorted(byId.values().stream().filter(r -> r.owner().equals(owner))
                .filter(r -> status == null || r.status() == status)).stream().limit(limit).toList();
    }

    private static List<ExecutionRun> sorted(Stream<ExecutionRun> runs) {
        return runs.sorted(NEWEST_FIRST).toList();
    }
}
