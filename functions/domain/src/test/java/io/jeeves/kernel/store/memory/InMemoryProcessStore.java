package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.Counter;
import io.jeeves.kernel.Process;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.ResourceUsage;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.store.Page;
import io.jeeves.kernel.store.ProcessStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test double honouring the {@link ProcessStore} contract (conditional writes included). */
public final class InMemoryProcessStore implements ProcessStore {
    private final Map<String, Process> byPid = new LinkedHashMap<>();

    @Override
    public synchronized boolean insert(Process process) {
        if (byPid.containsKey(process.pid())) {
            return false;
        }
        byPid.put(process.pid(), process.withVersion(1));
        return true;
    }

    @Override
    public synchronized Optional<Process> get(String pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    @Override
    public synchronized Optional<Process> update(Process next) {
        Process current = byPid.get(next.pid());
        if (current == null || current.version() != next.version()) {
            return Optional.empty();
        }
        // lifecycle fields from next, usage counters as stored (only elapsed is a lifecycle value)
        Process stored = next.withUsage(current.usage().withElapsedSeconds(next.usage().elapsedSeconds()))
                .withVersion(next.version() + 1);
        byPid.put(next.pid(), stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized Optional<ResourceUsage> addUsage(String pid, UsageDelta delta, Map<Counter, Long> ceilings,
            Instant startedNotBefore) {
        Process p = byPid.get(pid);
        if (p == null || p.state().isTerminal()) {
            return Optional.empty();
        }
        for (var e : ceilings.entrySet()) {
            if (e.getKey().used(p.usage()) > e.getValue()) {
                return Optional.empty();
            }
        }
        if (startedNotBefore != null && p.startedAt() != null && p.startedAt().isBefore(startedNotBefore)) {
            return Optional.empty();
        }
        ResourceUsage u = p.usage().plus(delta);
        byPid.put(pid, p.withUsage(u));
        return Optional.of(u);
    }

    /** Adds signed corrections to the usage counters (in {@link UsageDelta#values()} order), whatever the state. */
    synchronized void adjustUsage(String pid, long[] correction) {
        Process p = byPid.get(pid);
        if (p == null) {
            return;
        }
        long[] v = usageValues(p.usage());
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i] + correction[i]);
        }
        byPid.put(pid, p.withUsage(new ResourceUsage(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                p.usage().elapsedSeconds())));
    }

    private static long[] usageValues(ResourceUsage u) {
        return new long[] {u.llmCalls(), u.toolCalls(), u.agentHops(), u.iterations(), u.tokensIn(), u.tokensOut(),
            u.inferenceRequests(), u.inferenceInputChars()};
    }

    @Override
    public synchronized List<Process> readyQueue(int limit) {
        return byPid.values().stream().filter(p -> p.state() == ProcessState.READY)
                .sorted(Comparator.comparingInt((Process p) -> p.priority().rank())
                        .thenComparing(Process::createdAt).thenComparing(Process::pid))
                .limit(limit).toList();
    }

    @Override
    public synchronized Page<Process> list(ProcessState state, String userId, int limit, String nextToken) {
        List<Process> all = byPid.values().stream()
                .filter(p -> state == null || p.state() == state)
                .filter(p -> userId == null || p.userId().equals(userId))
                .sorted(Comparator.comparing(Process::createdAt).thenComparing(Process::pid)).toList();
        int from;
        try {
            from = nextToken == null ? 0 : Integer.parseInt(nextToken);
        } catch (NumberFormatException e) {
            throw io.jeeves.error.JeevesException.invalidArgument("next_token", "next_token is not a valid page token");
        }
        int to = Math.min(all.size(), from + limit);
        return new Page<>(new ArrayList<>(all.subList(from, to)), to < all.size() ? Integer.toString(to) : null);
    }

    @Override
    public synchronized Map<ProcessState, Long> countByState(String userId) {
        Map<ProcessState, Long> counts = new EnumMap<>(ProcessState.class);
        byPid.values().stream().filter(p -> userId == null || p.userId().equals(userId))
                .forEach(p -> counts.merge(p.state(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized List<Process> inStateSince(ProcessState state, Instant cutoff, int limit) {
        return byPid.values().stream().filter(p -> p.state() == state && p.stateChangedAt().isBefore(cutoff))
                .sorted(Comparator.comparing(Process::stateChangedAt)).limit(limit).toList();
    }

    @Override
    public synchronized boolean delete(String pid, long expectedVersion) {
        Process p = byPid.get(pid);
        if (p == null || p.version() != expectedVersion) {
            return false;
        }
        byPid.remove(pid);
        return true;
    }
}
