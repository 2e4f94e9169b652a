package io.jeeves.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain is plain Java: no AWS, no framework, no JSON library. */
class DomainPurityTest {
    private static final List<String> FORBIDDEN = List.of("software.amazon", "com.amazonaws", "io.micronaut",
            "com.fasterxml", "org.slf4j");

    @Test
    void domainSourcesImportNoInfrastructure() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> l.startsWith("import"))
                            .filter(l -> FORBIDDEN.stream().anyMatch(l::contains)).map(l -> p + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(offenders).isEmpty();
        }
    }
}
