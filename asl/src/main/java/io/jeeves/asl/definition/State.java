package io.jeeves.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One state of a definition. A single shape for every type (the interpreter switches on {@link #type});
 * fields that do not apply to a type are null.
 */
public record State(
        String name,
        StateType type,
        String next,
        boolean end,
        PathField inputPath,
        PathField outputPath,
        PathField resultPath,
        JsonNode parameters,
        JsonNode resultSelector,
        JsonNode result,
        List<Retrier> retry,
        List<Catcher> catches,
        // Task
        String resource,
        Integer timeoutSeconds,
        String timeoutSecondsPath,
        Integer heartbeatSeconds,
        String heartbeatSecondsPath,
        // Choice
        List<ChoiceRule> choices,
        String defaultNext,
        // Wait
        Long seconds,
        String timestamp,
        String secondsPath,
        String timestampPath,
        // Fail
        String error,
        String errorPath,
        String cause,
        String causePath,
        // Parallel
        List<StateMachineDefinition> branches,
        // Map
        StateMachineDefinition iterator,
        String itemsPath,
        JsonNode itemSelector,
        Integer maxConcurrency,
        String maxConcurrencyPath) {

    /** Whether reaching the end of this state ends its branch (End, Succeed, Fail). */
    public boolean terminal() {
        return end || type == StateType.Succeed || type == StateType.Fail;
    }
}
