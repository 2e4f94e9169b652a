package io.jeeves.infra;

import io.jeeves.catalog.StateMachineSpec;
import io.jeeves.catalog.Substitution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A state machine definition as read from {@code statemachines/}, with the substitution variables it uses.
 * Loading fails, naming the file and the variables, when the definition uses a variable that is no
 * {@link Substitution} of the blueprint: such a definition would deploy with a literal {@code ${...}} in it.
 */
record Definition(String file, String text, List<Substitution> used) {

    /** The optimized integration that starts a child execution and waits for it. */
    static final String START_EXECUTION_SYNC = "arn:aws:states:::states:startExecution.sync";

    static Definition load(Path dir, StateMachineSpec spec, List<Substitution> known) {
        Path path = dir.resolve(spec.file());
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the definition of state machine '" + spec.name() + "' at "
                    + path.toAbsolutePath() + " (context stateMachinesDir sets the folder)", e);
        }
        Map<String, Substitution> byName = known.stream()
                .collect(Collectors.toMap(Substitution::name, Function.identity(), (a, b) -> a));
        List<Substitution> used = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : Substitution.used(text)) {
            Substitution s = byName.get(name);
            if (s == null) {
                unknown.add("${" + name + "}");
            } else {
                used.add(s);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("statemachines/" + spec.file() + " uses " + String.join(", ", unknown)
                    + ", which " + (unknown.size() == 1 ? "is no" : "are not") + " substitution variable"
                    + (unknown.size() == 1 ? "" : "s") + " of Catalog.substitutions(); known variables are "
                    + String.join(", ", byName.keySet()));
        }
        return new Definition(spec.file(), text, List.copyOf(used));
    }

    /** Whether a Task starts child executions and waits for them ({@code states:startExecution.sync}). */
    boolean startsExecutionsSynchronously() {
        return text.contains(START_EXECUTION_SYNC);
    }
}
