package io.jeeves.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.jeeves.catalog.Catalog;
import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.store.dynamodb.DynamoStores;
import io.jeeves.store.dynamodb.TableProvisioner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local as a server on a free port, started once per test JVM, reached over HTTP by the same
 * SDK client the functions use. Each test gets its own tables through a unique name prefix.
 */
public final class DynamoDbLocal {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static URI endpoint;
    private static DynamoDbClient client;

    private DynamoDbLocal() {
    }

    public static synchronized URI endpoint() {
        if (endpoint == null) {
            try {
                int port = freePort();
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.stop();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
                endpoint = URI.create("http://localhost:" + port);
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return endpoint;
    }

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.builder().build())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build();
        }
        return client;
    }

    /** A new table prefix with every catalog table created under it. */
    public static String freshTables() {
        String prefix = "t" + PREFIXES.incrementAndGet() + "-";
        TableProvisioner.ensure(client(), Catalog.tables(), id -> prefix + id);
        return prefix;
    }

    public static KernelStores freshStores() {
        String prefix = freshTables();
        return DynamoStores.create(client(), id -> prefix + id, CleanupConfig.DEFAULTS);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
