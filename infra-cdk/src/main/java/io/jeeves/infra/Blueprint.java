package io.jeeves.infra;

import io.jeeves.catalog.BucketSpec;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.EventSourceSpec;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.QueueSpec;
import io.jeeves.catalog.StateMachineSpec;
import io.jeeves.catalog.Substitution;
import io.jeeves.catalog.TableSpec;
import java.util.List;

/**
 * What {@link JeevesStack} deploys. {@link #catalog()} is the default (and what {@code cdk deploy} uses);
 * tests build the stack from other lists, e.g. with event-source mappings the catalog does not have yet.
 */
public record Blueprint(List<TableSpec> tables, List<FunctionSpec> functions, List<QueueSpec> queues,
        List<BucketSpec> buckets, List<EventSourceSpec> eventSources, List<StateMachineSpec> stateMachines,
        List<Substitution> substitutions) {

    public Blueprint {
        tables = List.copyOf(tables);
        functions = List.copyOf(functions);
        queues = List.copyOf(queues);
        buckets = List.copyOf(buckets);
        eventSources = List.copyOf(eventSources);
        stateMachines = List.copyOf(stateMachines);
        substitutions = List.copyOf(substitutions);
    }

    /** Everything {@link Catalog} lists. */
    public static Blueprint catalog() {
        return new Blueprint(Catalog.tables(), Catalog.functions(), Catalog.queues(), Catalog.buckets(),
                Catalog.eventSources(), Catalog.stateMachines(), Catalog.substitutions());
    }

    public Blueprint withEventSources(List<EventSourceSpec> list) {
        return new Blueprint(tables, functions, queues, buckets, list, stateMachines, substitutions);
    }

    public Blueprint withStateMachines(List<StateMachineSpec> list) {
        return new Blueprint(tables, functions, queues, buckets, eventSources, list, substitutions);
    }

    public TableSpec table(String id) {
        return find(tables, TableSpec::id, id, "table");
    }

    public FunctionSpec function(String name) {
        return find(functions, FunctionSpec::name, name, "function");
    }

    public QueueSpec queue(String id) {
        return find(queues, QueueSpec::id, id, "queue");
    }

    public BucketSpec bucket(String id) {
        return find(buckets, BucketSpec::id, id, "bucket");
    }

    public StateMachineSpec stateMachine(String name) {
        return find(stateMachines, StateMachineSpec::name, name, "state machine");
    }

    private static <T> T find(List<T> list, java.util.function.Function<T, String> key, String id, String what) {
        return list.stream().filter(t -> key.apply(t).equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + what + " '" + id + "' in the blueprint"));
    }
}
