package io.jeeves.bench.baseline;

import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.Map;

/**
 * The canonical empty Micronaut Lambda handler (what Micronaut's Lambda starter generates, minus the
 * logic): the cold-start baseline "an empty Micronaut handler".
 */
public class EmptyMicronautLambda extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> execute(Map<String, Object> input) {
        return Map.of();
    }
}
