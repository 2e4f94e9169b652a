package io.jeeves.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Lambda function of the bundle.
 *
 * @param name logical name ("CreateProcess"); deployed as {@code <prefix>-<name>}
 * @param handlerClass the {@code RequestStreamHandler} class in the functions jar
 * @param routes HTTP routes served (none for scheduled or internal functions)
 * @param tables table id → access the function needs (least privilege)
 * @param schedule an EventBridge schedule expression, or null
 * @param buckets bucket id → access (READ: get objects; WRITE: get and put, never delete)
 * @param stateMachines state machine id → what the function does with it (least privilege)
 * @param grants what else in AWS the function may use
 */
public record FunctionSpec(String name, String handlerClass, String description, List<RouteSpec> routes,
        Map<String, Access> tables, String schedule, Map<String, Access> buckets, Map<String, Flow> stateMachines,
        Set<Grant> grants) {

    public enum Access { READ, WRITE }

    /** What a function may do with a state machine. */
    public enum Flow {
        /** StartExecution. */
        START,
        /** Answer its task tokens (SendTaskSuccess/Failure/Heartbeat) and stop its executions. */
        CONTROL
    }

    /** AWS services beyond tables, buckets and flows. */
    public enum Grant {
        /** Amazon Bedrock: invoke foundation models (Converse, ConverseStream, InvokeModel). */
        INVOKE_MODELS,
        /** Secrets Manager: read the LLM providers' API keys (secrets named {@code jeeves/llm/*}). */
        READ_LLM_SECRETS
    }

    public FunctionSpec {
        routes = List.copyOf(routes);
        tables = Map.copyOf(tables);
        buckets = buckets == null ? Map.of() : Map.copyOf(buckets);
        stateMachines = stateMachines == null ? Map.of() : Map.copyOf(stateMachines);
        grants = grants == null ? Set.of() : Set.copyOf(grants);
    }

    /** A function of tables, buckets and flows only. */
    public FunctionSpec(String name, String handlerClass, String description, List<RouteSpec> routes,
            Map<String, Access> tables, String schedule, Map<String, Access> buckets, Map<String, Flow> stateMachines) {
        this(name, handlerClass, description, routes, tables, schedule, buckets, stateMachines, Set.of());
    }

    /** A function of tables only. */
    public FunctionSpec(String name, String handlerClass, String description, List<RouteSpec> routes,
            Map<String, Access> tables, String schedule) {
        this(name, handlerClass, description, routes, tables, schedule, Map.of(), Map.of());
    }
}
