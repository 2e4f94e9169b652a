package io.jeeves.governance.execution.module;

import io.jeeves.error.JeevesException;
import io.jeeves.kernel.service.Ids;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a module is invoked with.
 *
 * @param type the module's name (the directive's type)
 * @param payload the directive's payload; never null, unmodifiable
 * @param budgetUsd the directive's budget in US dollars, or null when it has none
 */
public record ModuleInput(String directiveId, String runId, String type, Map<String, Object> payload,
        BigDecimal budgetUsd) {

    public ModuleInput {
        Ids.pathId("directive_id", directiveId);
        Ids.pathId("run_id", runId);
        if (type == null || type.isEmpty()) {
            throw JeevesException.invalidArgument("type", "type is required");
        }
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /** The key under which the module's result is kept: one per directive and run. */
    public String idempotencyKey() {
        return directiveId + ":" + runId;
    }
}
