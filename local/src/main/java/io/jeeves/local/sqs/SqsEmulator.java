package io.jeeves.local.sqs;

import io.jeeves.json.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * SQS inside the local stack's JVM: ElasticMQ, which speaks the SQS JSON protocol of the AWS SDK v2,
 * moves messages to a dead-letter queue after {@code maxReceiveCount} receives as SQS does, and needs
 * neither Docker nor network.
 *
 * <p>Started on a data folder ({@link #start(int, Path)}), it is durable: queues and messages, with
 * their attributes, message attributes, receive counts and receipt handles, survive a {@link #close()}
 * or a killed JVM and come back when it starts again on the same folder, through ElasticMQ's own SQL
 * persistence on an H2 file ({@code <dataDir>/elasticmq.mv.db}; see {@link DurableQueues}). Messages
 * received and not deleted become visible again when their visibility timeout ends, counted from the
 * receive before the restart; deleted and purged messages stay gone. There can be one durable emulator
 * per JVM at a time, and the JVM's default charset must be UTF-8. Without a data folder messages live
 * in memory only and a restart empties the queues (the queues themselves are recreated from their
 * {@link QueueSpec}s).
 *
 * <p>It binds to 127.0.0.1 only. Queue URLs are {@code http://127.0.0.1:<port>/000000000000/<name>} and
 * queue ARNs {@code arn:aws:sqs:us-east-1:000000000000:<name>}, the account and region the rest of the
 * local stack uses. ElasticMQ ignores request signatures, so any credentials work.
 */
public final class SqsEmulator implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    private static final Logger LOG = LoggerFactory.getLogger(SqsEmulator.class);
    private static final String HOST = "127.0.0.1";

    private final SQSRestServer server;
    private final DurableQueues durable;
    private final URI endpoint;
    private final SqsClient admin;
    private boolean closed;

    private SqsEmulator(SQSRestServer server, DurableQueues durable, URI endpoint) {
        this.server = server;
        this.durable = durable;
        this.endpoint = endpoint;
        this.admin = client(endpoint);
    }

    /**
     * Starts ElasticMQ on 127.0.0.1, messages in memory only.
     *
     * @param port the port to listen on; 0 picks a free one (see {@link #endpoint()})
     * @throws IllegalStateException when it cannot listen (the port is in use, typically)
     */
    public static SqsEmulator start(int port) {
        return start(port, null);
    }

    /**
     * Starts ElasticMQ on 127.0.0.1, durable when given a data folder: the queues and messages kept there
     * are restored before this returns, so {@link #createQueue} finds them.
     *
     * @param port    the port to listen on; 0 picks a free one (see {@link #endpoint()})
     * @param dataDir the folder to keep queues and messages in, created if missing; null keeps them in
     *                memory only
     * @throws IllegalStateException when it cannot listen (the port is in use, typically), or with a data
     *                               folder: the folder is in use by another process, another durable
     *                               emulator is open in this JVM, or the default charset is not UTF-8
     */
    public static SqsEmulator start(int port, Path dataDir) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        long t0 = System.nanoTime();
        DurableQueues durable = dataDir == null ? null : DurableQueues.open(dataDir);
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface(HOST)
                .withPort(port)
                .withAWSRegion(REGION)
                .withAWSAccountId(ACCOUNT_ID);
        if (durable != null) {
            builder = builder.withActorSystem(durable.actorSystem()).withQueueManagerActor(durable.queueManager());
        }
        SQSRestServer server;
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            if (durable != null) {
                durable.close();
            }
            throw e;
        }
        int bound;
        try {
            bound = ((InetSocketAddress) server.waitUntilStarted().localAddress()).getPort();
        } catch (Exception e) { // a BindException, undeclared, from Scala
            try {
                server.stopAndWait(); // or its actor system would keep the JVM alive
            } catch (RuntimeException ignored) {
                // it did not start; nothing more to stop
            }
            if (durable != null) {
                durable.close();
            }
            throw new IllegalStateException("The SQS emulator could not listen on " + HOST + ":" + port
                    + " (is it in use?): " + e.getMessage(), e);
        }
        URI endpoint = URI.create("http://" + HOST + ":" + bound);
        LOG.debug("ElasticMQ listening on {} after {} ms{}", endpoint, (System.nanoTime() - t0) / 1_000_000,
                durable == null ? "" : ", queues kept in " + durable.dir());
        return new SqsEmulator(server, durable, endpoint);
    }

    /** The endpoint for SDKs and the AWS CLI ({@code --endpoint-url}). */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** The ARN a queue of this name has here, in the form AWS gives it. */
    public static String queueArn(String queueName) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + queueName;
    }

    /** The URL of an existing queue. */
    public String queueUrl(String queueName) {
        return admin.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
    }

    /**
     * Creates the queue, and its dead-letter queue first, with the spec's visibility timeout and
     * redrive policy. Idempotent: when the queue exists its attributes are set to the spec's and its
     * messages are kept, so a restarted stack converges on the declared queues. An existing DLQ is left as it is (several
     * queues may share one); a missing one is created with SQS's default attributes.
     *
     * @return the queue URL
     */
    public String createQueue(QueueSpec spec) {
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(spec.visibilityTimeoutSeconds()));
        if (spec.deadLetterQueueName() != null) {
            ensure(spec.deadLetterQueueName(), new EnumMap<>(QueueAttributeName.class), false);
            var policy = Json.object();
            policy.put("deadLetterTargetArn", queueArn(spec.deadLetterQueueName()));
            policy.put("maxReceiveCount", spec.maxReceiveCount());
            attributes.put(QueueAttributeName.REDRIVE_POLICY, Json.write(policy));
        }
        return ensure(spec.name(), attributes, true);
    }

    private String ensure(String name, Map<QueueAttributeName, String> attributes, boolean update) {
        if (QueueSpec.isFifo(name)) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        for (int attempt = 0; ; attempt++) {
            try {
                String url = admin.getQueueUrl(r -> r.queueName(name)).queueUrl();
                if (update) {
                    Map<QueueAttributeName, String> settable = new EnumMap<>(attributes);
                    settable.remove(QueueAttributeName.FIFO_QUEUE); // fixed at creation
                    admin.setQueueAttributes(r -> r.queueUrl(url).attributes(settable));
                }
                return url;
            } catch (QueueDoesNotExistException missing) {
                try {
                    return admin.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
                } catch (QueueNameExistsException raced) {
                    if (attempt > 0) {
                        throw raced;
                    }
                    // created meanwhile by someone else: go round once more and update it
                }
            }
        }
    }

    /** A new SQS client for this emulator (url-connection HTTP client, us-east-1, any credentials); close it. */
    public SqsClient newClient() {
        return client(endpoint);
    }

    /** An SQS client for an endpoint such as this one's. */
    public static SqsClient client(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /**
     * Stops the server. In memory, the messages still in the queues are gone; with a data folder they
     * are all written there, and the folder is free for the next start.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close();
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            LOG.warn("ElasticMQ did not stop cleanly: {}", e.toString());
        }
        if (durable != null) {
            durable.close();
        }
    }
}
