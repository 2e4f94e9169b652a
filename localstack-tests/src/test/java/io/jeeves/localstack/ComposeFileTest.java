package io.jeeves.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The LocalStack the tests start is the one docker-compose.yml describes (runs without Docker). */
class ComposeFileTest {

    @Test
    void theTestsReadTheImageAndEnvironmentOfTheComposeFile() throws Exception {
        Path root = Path.of(System.getProperty("jeeves.repo.root", "..")).toAbsolutePath().normalize();
        LocalStackDeployment.Compose compose = LocalStackDeployment.Compose.read(root.resolve("localstack/docker-compose.yml"));
        // a pinned community release: later images ask for an auth token
        assertThat(compose.image()).isEqualTo("localstack/localstack:4.14.0");
        assertThat(compose.environment().get("SERVICES").split(","))
                .contains("cloudformation", "lambda", "dynamodb", "sqs", "s3", "stepfunctions", "iam", "logs", "events",
                        "kms", "sts", "ssm");
        assertThat(compose.environment()).containsEntry("LAMBDA_IGNORE_ARCHITECTURE", "1")
                .doesNotContainKey("DEBUG"); // "${DEBUG:-0}" is left to LocalStack's default
    }
}
