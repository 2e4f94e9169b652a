package io.jeeves.governance.policy;

/** What one policy says about a directive. */
public enum PolicyVerdict {
    ALLOW,
    BLOCK
}
