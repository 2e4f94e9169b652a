package io.jeeves.localstack;

import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests against the deployed stack: one deployment per JVM, shared by every test class.
 * Each concrete class carries {@code @Testcontainers(disabledWithoutDocker = true)}, so without Docker
 * nothing here runs and the tests are reported skipped.
 */
abstract class OnLocalStack {
    static LocalStackDeployment localstack;

    @BeforeAll
    static void deployOnce() throws Exception {
        localstack = LocalStackDeployment.get();
    }
}
