package io.jeeves.local.sfn;

import io.jeeves.asl.runtime.Engine;
import io.jeeves.asl.runtime.SfnException;
import io.jeeves.asl.runtime.StateMachineRecord;
import io.jeeves.catalog.StateMachineSpec;
import io.jeeves.catalog.Substitution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Loads the catalog's state machines from {@code statemachines/*.asl.json} (packaged on the class path)
 * with the same substitution variables the CDK app passes as DefinitionSubstitutions, creating each one
 * or updating it when its definition changed since the last start.
 */
public final class StateMachineLoader {
    private StateMachineLoader() {
    }

    /** The definition file's text, as the CDK app reads it from {@code statemachines/}. */
    public static String definitionFile(StateMachineSpec spec) {
        String resource = "statemachines/" + spec.file();
        try (InputStream in = StateMachineLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates or updates every state machine.
     *
     * @param values substitution variable → local value
     * @param prefix the deployed-name prefix ("jeeves-")
     */
    public static void load(Engine engine, List<StateMachineSpec> specs, Map<String, String> values, String prefix) {
        for (StateMachineSpec spec : specs) {
            String definition = Substitution.apply(definitionFile(spec), values);
            String arn = Engine.stateMachineArn(prefix + spec.name());
            StateMachineRecord existing;
            try {
                existing = engine.describeStateMachine(arn);
            } catch (SfnException e) {
                if (!e.type().equals("StateMachineDoesNotExist")) {
                    throw e;
                }
                engine.createStateMachine(prefix + spec.name(), definition, null, spec.type());
                continue;
            }
            if (!existing.definition().equals(definition)) {
                engine.updateStateMachine(arn, definition, null);
            }
        }
    }
}
