package io.jeeves.governance.artifact;

import io.jeeves.error.JeevesException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an artifact records. The control loop's own types are constants; capability authors may add
 * theirs, as long as the name is 1..64 characters of {@code [a-z][a-z0-9_]*}.
 */
public record ArtifactType(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public static final ArtifactType POLICY_EVALUATION = new ArtifactType("policy_evaluation");
    public static final ArtifactType EXECUTION_START = new ArtifactType("execution_start");
    public static final ArtifactType EXECUTION_CHECKPOINT = new ArtifactType("execution_checkpoint");
    public static final ArtifactType MODULE_OUTPUT = new ArtifactType("module_output");
    public static final ArtifactType EXECUTION_END = new ArtifactType("execution_end");
    public static final ArtifactType LLM_CALL = new ArtifactType("llm_call");
    public static final ArtifactType LLM_USAGE = new ArtifactType("llm_usage");

    /** The types the control loop itself writes. */
    public static final List<ArtifactType> BUILT_IN = List.of(POLICY_EVALUATION, EXECUTION_START, EXECUTION_CHECKPOINT,
            MODULE_OUTPUT, EXECUTION_END, LLM_CALL, LLM_USAGE);

    /** @throws io.jeeves.error.InvalidArgumentException (field {@code type}) for a malformed name */
    public ArtifactType {
        if (name == null || !NAME.matcher(name).matches()) {
            throw JeevesException.invalidArgument("type",
                    "type must be 1..64 characters of lower-case letters, digits and _, starting with a letter");
        }
    }

    public static ArtifactType of(String name) {
        return new ArtifactType(name);
    }

    public boolean isBuiltIn() {
        return BUILT_IN.contains(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
