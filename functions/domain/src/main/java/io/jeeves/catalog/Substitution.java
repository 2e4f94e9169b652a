package io.jeeves.catalog;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A definition substitution variable: {@code ${name}} in a state machine definition stands for a
 * deployed resource's ARN, URL or name. One list of them ({@link Catalog#substitutions()}) serves the
 * CDK app and the local stack, so a definition runs unchanged in both.
 *
 * @param name the variable, e.g. {@code CreateProcessFunctionArn}
 * @param resource the resource's logical id (function name, queue, table, bucket or state machine id)
 */
public record Substitution(String name, Kind kind, String resource) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    /** What the variable stands for. */
    public enum Kind {
        FUNCTION_ARN("FunctionArn"), QUEUE_URL("QueueUrl"), QUEUE_ARN("QueueArn"), TABLE_NAME("TableName"),
        BUCKET_NAME("BucketName"), STATE_MACHINE_ARN("StateMachineArn");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    public static Substitution of(Kind kind, String resource) {
        return new Substitution(pascal(resource) + kind.suffix, kind, resource);
    }

    /** {@code capability-tasks} → {@code CapabilityTasks}; {@code CreateProcess} stays as it is. */
    static String pascal(String id) {
        StringBuilder b = new StringBuilder();
        for (String part : id.split("[-_]")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** How the variable appears in a definition. */
    public String placeholder() {
        return "${" + name + "}";
    }

    /** The variables a definition uses, in order of first use. */
    public static Set<String> used(String definition) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(definition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Replaces every {@code ${name}} with its value, as CloudFormation does with DefinitionSubstitutions.
     *
     * @throws IllegalArgumentException naming a variable that has no value
     */
    public static String apply(String definition, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(definition);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("Unknown substitution variable ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
