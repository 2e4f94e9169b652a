package io.jeeves.local.sqs;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.MessageId;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.msg.GetQueueData;
import org.elasticmq.msg.ListQueues;
import org.elasticmq.msg.LookupMessage;
import org.elasticmq.msg.LookupQueue;
import org.elasticmq.persistence.sql.GetAllMessages;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.immutable.Nil$;
import scala.jdk.javaapi.CollectionConverters;
import scalikejdbc.ConnectionPool$;

/**
 * The ElasticMQ side of a durable {@link SqsEmulator}: ElasticMQ's own SQL persistence
 * ({@code elasticmq-persistence-sql}) on an H2 file, {@code <dataDir>/elasticmq.mv.db}. ElasticMQ
 * writes every queue change and every message change (send, receive, visibility change, delete, move
 * to the DLQ) to it before it answers the request, and restores queues and messages, receive counts
 * and receipt handles included, when it starts; this class wires the actors the way ElasticMQ's own
 * server does, but waits for the restore to finish, so queues created afterwards find their messages.
 *
 * <p>What it adds to ElasticMQ's persistence:
 * <ul>
 *   <li>H2 writes each commit at once ({@code WRITE_DELAY=0}), so a killed JVM loses no acknowledged
 *       request, and closes only when {@link #close()} says so ({@code DB_CLOSE_ON_EXIT=FALSE});</li>
 *   <li>{@link #close()} first lets every queue actor and the store finish what they were doing (a
 *       move to a dead-letter queue is written after the receive that caused it is answered), then
 *       removes from the database the messages the queues no longer hold: PurgeQueue empties a queue
 *       in memory only, ElasticMQ writes nothing for it;</li>
 *   <li>it refuses to start when the JVM's default charset is not UTF-8: ElasticMQ stores message
 *       bodies with {@code String.getBytes()}, so any other charset would garble them on restore.</li>
 * </ul>
 *
 * <p>ElasticMQ's SQL persistence goes through scalikejdbc's JVM-wide default connection pool, which it
 * sets up only once per JVM: hence at most one durable emulator per JVM at a time, and this class
 * points that pool at the current data folder itself, so that closing one and opening another (on
 * another folder, in tests) works.
 */
final class DurableQueues implements AutoCloseable {
    /** H2 adds {@code .mv.db}. */
    static final String DATABASE_FILE = "elasticmq";

    private static final Logger LOG = LoggerFactory.getLogger(DurableQueues.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** The durable store open in this JVM, if any; guarded by DurableQueues.class. */
    private static Path openDir;

    private final Path dir;
    private final ActorSystem system;
    private final ActorRef store;
    private final ActorRef queueManager;
    private boolean closed;

    private DurableQueues(Path dir, ActorSystem system, ActorRef store, ActorRef queueManager) {
        this.dir = dir;
        this.system = system;
        this.store = store;
        this.queueManager = queueManager;
    }

    /**
     * Opens (creating it if needed) the database in {@code dataDir}, starts ElasticMQ's actors on it and
     * restores the persisted queues and messages.
     *
     * @throws IllegalStateException when the default charset is not UTF-8, a durable emulator is already
     *                               open in this JVM, or the database cannot be opened (another process
     *                               has it, typically)
     */
    static DurableQueues open(Path dataDir) {
        Charset charset = Charset.defaultCharset();
        if (!StandardCharsets.UTF_8.equals(charset)) {
            throw new IllegalStateException("The durable SQS emulator needs UTF-8 as the JVM's default charset, not "
                    + charset + ": ElasticMQ stores message bodies in the default charset, so other characters would"
                    + " not survive a restart. Run Java with -Dfile.encoding=UTF-8 (or a UTF-8 locale, e.g. LANG=C.UTF-8)");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw new IllegalArgumentException("The SQS data folder cannot contain ';' (it goes in a JDBC URL): " + dir);
        }
        synchronized (DurableQueues.class) {
            if (openDir != null) {
                throw new IllegalStateException("A durable SQS emulator is already open in this JVM (on " + openDir
                        + "); ElasticMQ's SQL persistence allows one per JVM, so " + dir + " cannot be opened too");
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create the SQS data folder " + dir + ": " + e, e);
            }
            String url = "jdbc:h2:file:" + dir.resolve(DATABASE_FILE) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
            openPool(url, dir);
            ActorSystem system = ActorSystem.create("elasticmq");
            try {
                SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "", "", false);
                ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class, config, Nil$.MODULE$),
                        "sqs-store");
                ActorRef queueManager = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
                        SQSRestServerBuilder.sqsLimits(), Option.apply(store)), "sqs-queues");
                DurableQueues queues = new DurableQueues(dir, system, store, queueManager);
                queues.restore();
                openDir = dir;
                return queues;
            } catch (RuntimeException | Error e) {
                terminate(system);
                closePool();
                throw e;
            }
        }
    }

    /** The actor system the REST server is to run on. */
    ActorSystem actorSystem() {
        return system;
    }

    /** The queue manager the REST server is to use: its queues write to the store. */
    ActorRef queueManager() {
        return queueManager;
    }

    Path dir() {
        return dir;
    }

    /** Points scalikejdbc's default pool, which ElasticMQ's repositories use, at this database, and tries it. */
    private static void openPool(String url, Path dir) {
        ConnectionPool$ pools = ConnectionPool$.MODULE$;
        pools.singleton(url, "", "", pools.singleton$default$4(), pools.singleton$default$5(url, "", "", pools.singleton$default$4()));
        try (Connection c = pools.borrow(pools.DEFAULT_NAME())) {
            c.isValid(5);
        } catch (SQLException | RuntimeException e) {
            closePool();
            throw new IllegalStateException("Cannot open the SQS database in " + dir
                    + " (is another local stack using this data folder?): " + e.getMessage(), e);
        }
    }

    private static void closePool() {
        ConnectionPool$ pools = ConnectionPool$.MODULE$;
        try {
            pools.close(pools.DEFAULT_NAME()); // the last connection closed closes the H2 database
        } catch (RuntimeException e) {
            LOG.warn("Closing the SQS database pool failed: {}", e.toString());
        }
    }

    private void restore() {
        long t0 = System.nanoTime();
        Object result = ask(store, new QueueEvent.Restore(queueManager), RESTORE_TIMEOUT,
                "restoring the queues from " + dir);
        if (result instanceof scala.util.Left<?, ?> left) {
            throw new IllegalStateException("ElasticMQ could not restore the queues from " + dir + ": " + left.value());
        }
        LOG.debug("SQS queues restored from {} in {} ms", dir, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Lets the queues and the store finish, removes from the database the messages the queues no longer
     * hold, stops the actors and closes the database. Call it after the REST server has stopped.
     */
    @Override
    public void close() {
        synchronized (DurableQueues.class) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Map<String, ActorRef> queues = queues();
                queues.values().forEach(q -> ask(q, new GetQueueData(), ASK_TIMEOUT, "draining a queue"));
                drainStore();
                int kept = forgetMessagesNoLongerQueued(queues);
                LOG.info("SQS: {} queues and {} messages kept in {}", queues.size(), kept, dir);
            } catch (RuntimeException e) {
                LOG.warn("SQS: the queues in {} could not be settled before closing: {}", dir, e.toString());
            } finally {
                terminate(system);
                closePool();
                openDir = null;
            }
        }
    }

    /** Every queue by name, with its actor. */
    private Map<String, ActorRef> queues() {
        Map<String, ActorRef> queues = new LinkedHashMap<>();
        Object names = ask(queueManager, new ListQueues(), ASK_TIMEOUT, "listing the queues");
        for (Object name : CollectionConverters.asJava((scala.collection.Seq<?>) names)) {
            Object actor = ask(queueManager, new LookupQueue((String) name), ASK_TIMEOUT, "looking a queue up");
            if (actor instanceof scala.Some<?> some) {
                queues.put((String) name, (ActorRef) some.value());
            }
        }
        return queues;
    }

    /** Returns once the store has written everything sent to it so far (the queue name matches no queue). */
    private void drainStore() {
        ask(store, new QueueEvent.MessageRemoved("", ""), ASK_TIMEOUT, "draining the store");
    }

    /**
     * Removes from the database the messages no queue holds any more (purged ones: ElasticMQ persists
     * deletions but not purges).
     *
     * @return how many messages the database keeps
     */
    private int forgetMessagesNoLongerQueued(Map<String, ActorRef> queues) {
        int kept = 0;
        for (Map.Entry<String, ActorRef> queue : queues.entrySet()) {
            List<?> persisted = CollectionConverters.asJava((scala.collection.Seq<?>) ask(store,
                    new GetAllMessages(queue.getKey()), ASK_TIMEOUT, "reading the messages of " + queue.getKey()));
            List<String> gone = new ArrayList<>();
            for (Object m : persisted) {
                String id = ((InternalMessage) m).id();
                Object live = ask(queue.getValue(), new LookupMessage(new MessageId(id)), ASK_TIMEOUT, "looking a message up");
                if (!(live instanceof scala.Some<?>)) {
                    gone.add(id);
                }
            }
            for (String id : gone) {
                ask(store, new QueueEvent.MessageRemoved(queue.getKey(), id), ASK_TIMEOUT, "removing a message");
            }
            if (!gone.isEmpty()) {
                LOG.info("SQS: {} messages purged from {} removed from the database", gone.size(), queue.getKey());
            }
            kept += persisted.size() - gone.size();
        }
        return kept;
    }

    private static void terminate(ActorSystem system) {
        try {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("ElasticMQ's actors did not stop cleanly: {}", e.toString());
        }
    }

    private static Object ask(ActorRef actor, Object message, Duration timeout, String what) {
        try {
            return Patterns.ask(actor, message, timeout).toCompletableFuture().get(timeout.toMillis() + 1000,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("ElasticMQ failed " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("ElasticMQ did not answer in " + timeout.toSeconds() + " s " + what, e);
        }
    }
}
