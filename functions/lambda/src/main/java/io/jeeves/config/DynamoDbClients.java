package io.jeeves.config;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB client of this JVM, one per {@link JeevesSettings.ClientKey}. It can be started early on
 * a background thread ({@link #prebuild}) so that loading the SDK overlaps the rest of a cold start;
 * the Micronaut bean then takes the same instance ({@link #get}).
 */
public final class DynamoDbClients {
    private static final Map<JeevesSettings.ClientKey, CompletableFuture<DynamoDbClient>> CLIENTS = new ConcurrentHashMap<>();

    private DynamoDbClients() {
    }

    /** Starts building the client for {@code key} on the calling thread unless it is built or being built. */
    static CompletableFuture<DynamoDbClient> prebuild(JeevesSettings.ClientKey key) {
        CompletableFuture<DynamoDbClient> mine = new CompletableFuture<>();
        CompletableFuture<DynamoDbClient> existing = CLIENTS.putIfAbsent(key, mine);
        if (existing != null) {
            return existing;
        }
        try {
            mine.complete(build(key));
        } catch (RuntimeException | Error e) {
            CLIENTS.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** The client for {@code key}: the one built early if there is one, else built now. */
    public static DynamoDbClient get(JeevesSettings.ClientKey key) {
        return prebuild(key).join();
    }

    /** Forgets and closes the client (the application context is closing). */
    public static void release(JeevesSettings.ClientKey key) {
        CompletableFuture<DynamoDbClient> f = CLIENTS.remove(key);
        if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
            f.join().close();
        }
    }

    private static DynamoDbClient build(JeevesSettings.ClientKey key) {
        return AwsClients.configure(DynamoDbClient.builder(), key.region(), key.endpoint()).build();
    }
}
