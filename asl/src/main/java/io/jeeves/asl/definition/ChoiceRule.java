package io.jeeves.asl.definition;

/** One entry of a Choice state's {@code Choices}. */
public record ChoiceRule(Condition condition, String next) {
}
