package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One task invocation.
 *
 * @param resource the parsed Resource
 * @param parameters the effective input (after InputPath and Parameters)
 * @param executionArn the calling execution
 * @param taskToken the callback token, or null
 */
public record TaskCall(TaskResource resource, JsonNode parameters, String executionArn, String stateName,
        String taskToken) {
}
