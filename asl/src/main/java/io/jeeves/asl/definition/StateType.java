package io.jeeves.asl.definition;

/** The eight state types; the name is the {@code Type} value and the history events' prefix. */
public enum StateType {
    Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map
}
