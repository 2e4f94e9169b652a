package io.jeeves.asl.definition;

/**
 * An InputPath, OutputPath or ResultPath: absent (the default {@code $}), JSON null (discard: {@code {}}
 * for input and output, keep the input for ResultPath), or a path.
 */
public record PathField(String path, boolean isNull) {
    public static final PathField DEFAULT = new PathField("$", false);
    public static final PathField NULL = new PathField(null, true);

    public static PathField of(String path) {
        return new PathField(path, false);
    }

    public boolean isIdentity() {
        return !isNull && "$".equals(path);
    }
}
