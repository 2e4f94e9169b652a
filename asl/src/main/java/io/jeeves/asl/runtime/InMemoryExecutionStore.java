package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link ExecutionStore} in memory: for tests and throwaway engines. Same conditional-write contract. */
public final class InMemoryExecutionStore implements ExecutionStore {
    private record Stored(ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> history, long version) {
    }

    private final Map<String, StateMachineRecord> machines = new TreeMap<>();
    private final Map<String, Stored> executions = new TreeMap<>();

    @Override
    public synchronized boolean createStateMachine(StateMachineRecord machine) {
        return machines.putIfAbsent(machine.arn(), machine) == null;
    }

    @Override
    public synchronized boolean updateStateMachine(StateMachineRecord machine) {
        StateMachineRecord current = machines.get(machine.arn());
        if (current == null || current.version() != machine.version() - 1) {
            return false;
        }
        machines.put(machine.arn(), machine);
        return true;
    }

    @Override
    public synchronized Optional<StateMachineRecord> stateMachine(String arn) {
        return Optional.ofNullable(machines.get(arn));
    }

    @Override
    public synchronized Page<StateMachineRecord> stateMachines(int limit, String nextToken) {
        return Page.of(new ArrayList<>(machines.values()), limit, nextToken);
    }

    @Override
    public synchronized boolean deleteStateMachine(String arn) {
        return machines.remove(arn) != null;
    }

    @Override
    public synchronized boolean createExecution(ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> events) {
        if (executions.containsKey(record.arn())) {
            return false;
        }
        executions.put(record.arn(), new Stored(record, snapshot, new ArrayList<>(events), 1));
        return true;
    }

    @Override
    public synchronized boolean saveProgress(ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> events, long version) {
        Stored s = executions.get(record.arn());
        if (s == null || s.version() != version) {
            return false;
        }
        List<HistoryEvent> history = s.history();
        history.addAll(events);
        executions.put(record.arn(), new Stored(record, snapshot, history, version + 1));
        return true;
    }

    @Override
    public synchronized Optional<ExecutionRecord> execution(String arn) {
        return Optional.ofNullable(executions.get(arn)).map(Stored::record);
    }

    @Override
    public synchronized Page<ExecutionRecord> executions(String stateMachineArn, String status, int limit, String nextToken) {
        List<ExecutionRecord> all = executions.values().stream().map(Stored::record)
                .filter(r -> r.stateMachineArn().equals(stateMachineArn))
                .filter(r -> status == null || r.status().equals(status))
                .sorted(Comparator.comparing(ExecutionRecord::startDate).reversed()).toList();
        return Page.of(all, limit, nextToken);
    }

    @Override
    public synchronized List<Saved> running() {
        return executions.values().stream().filter(s -> s.record().running())
                .map(s -> new Saved(s.record(), s.snapshot(), s.history().size(), s.version())).toList();
    }

    @Override
    public synchronized Page<JsonNode> history(String executionArn, boolean reverse, int limit, String nextToken) {
        Stored s = executions.get(executionArn);
        List<JsonNode> events = new ArrayList<>();
        if (s != null) {
            s.history().forEach(e -> events.add(e.toJson()));
        }
        if (reverse) {
            java.util.Collections.reverse(events);
        }
        return Page.of(events, limit, nextToken);
    }
}
