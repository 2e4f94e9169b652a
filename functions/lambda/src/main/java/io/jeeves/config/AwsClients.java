package io.jeeves.config;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * One way to build every AWS SDK client of the functions: the url-connection HTTP client (fastest start; small
 * bodies buffered, see {@link OneWriteConnections}),
 * the region, an endpoint override for the local stack, and credentials (Lambda's own from the environment;
 * fixed local ones against an emulator; the default chain otherwise).
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String region,
            Optional<URI> endpoint) {
        builder.httpClient(OneWriteConnections.client()).region(Region.of(region))
                .credentialsProvider(credentials(endpoint));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private static AwsCredentialsProvider credentials(Optional<URI> endpoint) {
        if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            return EnvironmentVariableCredentialsProvider.create(); // Lambda's own credentials: no chain to walk
        }
        if (endpoint.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
