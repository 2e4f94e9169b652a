package io.jeeves.asl;

import java.util.List;

/** A definition that cannot be run: each problem names the state (or top-level field) at fault. */
public final class InvalidDefinitionException extends RuntimeException {
    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super("Invalid State Machine Definition: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
