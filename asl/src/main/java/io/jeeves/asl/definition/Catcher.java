package io.jeeves.asl.definition;

import java.util.List;

/** A {@code Catch} entry: on a matching error, go to {@code next} with {"Error", "Cause"} placed at resultPath. */
public record Catcher(List<String> errorEquals, String next, PathField resultPath) {
}
