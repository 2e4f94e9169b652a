package io.jeeves.asl.definition;

import java.util.Map;

/**
 * A parsed, validated definition (or one branch / Map iterator of it).
 *
 * @param timeoutSeconds the execution's time limit (top level only), or null
 */
public record StateMachineDefinition(String comment, String startAt, Map<String, State> states, Integer timeoutSeconds) {

    public State state(String name) {
        State s = states.get(name);
        if (s == null) {
            throw new IllegalStateException("no state " + name);
        }
        return s;
    }
}
