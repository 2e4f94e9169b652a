package io.jeeves.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * One LocalStack container per test JVM, configured from {@code localstack/docker-compose.yml} (image and
 * environment), with the CDK app deployed into it by {@code localstack/deploy.sh}: {@code cdklocal bootstrap}
 * and {@code cdklocal deploy}, as a person would. Tests get the stack outputs and SDK clients pointed at it.
 */
final class LocalStackDeployment {
    static final String STACK = "jeeves";
    private static final int EDGE_PORT = 4566;
    private static LocalStackDeployment instance;

    private final LocalStackContainer container;
    private final Map<String, String> outputs;

    private LocalStackDeployment(Path root) throws IOException, InterruptedException {
        Compose compose = Compose.read(root.resolve("localstack/docker-compose.yml"));
        container = new LocalStackContainer(DockerImageName.parse(compose.image()));
        compose.environment().forEach(container::withEnv);
        container.start();

        Path target = Files.createDirectories(root.resolve("localstack-tests/target"));
        Path outputsFile = target.resolve("localstack-outputs.json");
        Path log = target.resolve("localstack-deploy.log");
        ProcessBuilder deploy = new ProcessBuilder("bash", root.resolve("localstack/deploy.sh").toString(),
                "--outputs", outputsFile.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // the container's edge port as mapped on this host; deploy.sh addresses it as localhost.localstack.cloud
        deploy.environment().put("LOCALSTACK_PORT", String.valueOf(container.getMappedPort(EDGE_PORT)));
        deploy.environment().remove("AWS_ENDPOINT_URL");
        deploy.environment().remove("AWS_ENDPOINT_URL_S3");
        Process p = deploy.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("localstack/deploy.sh did not finish in 30 minutes; see " + log);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("localstack/deploy.sh failed (exit " + p.exitValue() + "); last lines of " + log
                    + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        JsonNode stack = Json.read(Files.readAllBytes(outputsFile)).path(STACK);
        Map<String, String> values = new LinkedHashMap<>();
        stack.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        outputs = Map.copyOf(values);
    }

    /** Starts the container and deploys, once per JVM. */
    static synchronized LocalStackDeployment get() throws IOException, InterruptedException {
        if (instance == null) {
            Path root = Path.of(System.getProperty("jeeves.repo.root", "..")).toAbsolutePath().normalize();
            instance = new LocalStackDeployment(root);
        }
        return instance;
    }

    /** A stack output, e.g. {@code StateMachineArnProcessTask}. */
    String output(String key) {
        String v = outputs.get(key);
        if (v == null) {
            throw new IllegalStateException("no output " + key + " in " + outputs.keySet());
        }
        return v;
    }

    /** A deployed function's name ({@code jeeves-<Name>}). */
    static String functionName(String name) {
        return STACK + "-" + name;
    }

    /** An SDK client for LocalStack; long reads, because a first invocation starts a Lambda container. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(container.getEndpoint())
                .region(Region.of(container.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(3)).build())
                .build();
    }

    /**
     * The {@code localstack} service of the compose file: its image and the environment entries written
     * as {@code KEY: value} (entries that interpolate {@code ${...}} are left to their defaults).
     */
    record Compose(String image, Map<String, String> environment) {
        static Compose read(Path file) throws IOException {
            String image = null;
            Map<String, String> env = new LinkedHashMap<>();
            int envIndent = -1;
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int indent = line.length() - line.stripLeading().length();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (envIndent >= 0 && indent <= envIndent) {
                    envIndent = -1;
                }
                if (trimmed.startsWith("image:")) {
                    image = unquote(trimmed.substring("image:".length()));
                } else if (trimmed.equals("environment:")) {
                    envIndent = indent;
                } else if (envIndent >= 0 && trimmed.contains(":")) {
                    String key = trimmed.substring(0, trimmed.indexOf(':')).strip();
                    String value = unquote(stripComment(trimmed.substring(trimmed.indexOf(':') + 1)));
                    if (!value.contains("${")) {
                        env.put(key, value);
                    }
                }
            }
            if (image == null || env.isEmpty()) {
                throw new IllegalStateException(file + ": no image or no environment for the localstack service");
            }
            return new Compose(image, env);
        }

        private static String stripComment(String value) {
            int hash = value.indexOf(" #");
            return hash < 0 ? value : value.substring(0, hash);
        }

        private static String unquote(String value) {
            String v = value.strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                return v.substring(1, v.length() - 1);
            }
            return v;
        }
    }
}
