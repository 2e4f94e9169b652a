package io.jeeves.config;

import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.store.dynamodb.DynamoStores;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
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

    private volatile JeevesSettings.ClientKey client;

    /** The client {@link io.jeeves.runtime.Prewarm} may already have built on a background thread. */
    @Singleton
    DynamoDbClient dynamoDb(JeevesSettings settings) {
        client = settings.clientKey();
        return DynamoDbClients.get(client);
    }

    /** The context is closing: the client goes with it. */
    @PreDestroy
    void close() {
        if (client != null) {
            DynamoDbClients.release(client);
        }
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
