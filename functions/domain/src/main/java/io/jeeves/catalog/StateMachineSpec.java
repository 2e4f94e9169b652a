package io.jeeves.catalog;

/**
 * A Step Functions state machine whose definition is {@code statemachines/<file>}: the CDK app deploys it
 * with {@link Substitution}s as {@code DefinitionSubstitutions}; the local stack loads the same file
 * with the same names.
 *
 * @param name logical name ("process-task"); the deployed name is prefixed
 * @param file the definition's file name in {@code statemachines/}
 * @param type STANDARD or EXPRESS
 */
public record StateMachineSpec(String name, String file, String type, String description) {

    /** The environment variable that gives a function this state machine's ARN, e.g. JEEVES_STATE_MACHINES_APPROVAL. */
    public String envVar() {
        return "JEEVES_STATE_MACHINES_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
