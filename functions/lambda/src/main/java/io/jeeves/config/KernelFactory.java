package io.jeeves.config;

import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.store.dynamodb.DynamoStores;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Micronaut wiring: configuration, the DynamoDB client, the stores and the kernel's services. */
@Factory
public class KernelFactory {

    @Singleton
    JeevesSettings settings(Environment environment) {
        return JeevesSettings.from(environment);
    }

    /** Microsecond resolution, the precision the stores keep. */
    @Singleton
    Clock clock() {
        return new MicrosClock();
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb(JeevesSettings settings) {
        var builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings));
        settings.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(JeevesSettings settings) {
        if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            return EnvironmentVariableCredentialsProvider.create(); // Lambda's own credentials: no chain to walk
        }
        if (settings.dynamoDbEndpoint().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Singleton
    KernelStores stores(DynamoDbClient db, JeevesSettings settings) {
        return DynamoStores.create(db, settings::table, settings.kernel().cleanup());
    }

    @Singleton
    Kernel kernel(KernelStores stores, JeevesSettings settings, Clock clock) {
        return new Kernel(stores, settings.kernel(), clock);
    }

}
