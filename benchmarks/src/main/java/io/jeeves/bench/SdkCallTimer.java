package io.jeeves.bench;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Times every call the functions make on their AWS SDK clients (DynamoDB, Step Functions, S3), whole (request building, the SDK's
 * pipeline, the round trip, response parsing), on the calling thread. On the benchmark classpath only:
 * Micronaut hands the functions a timing proxy around the real client. Counts only while a measurement
 * is open on the thread.
 */
@Singleton
public final class SdkCallTimer implements BeanCreatedEventListener<DynamoDbClient> {
    private static final ThreadLocal<long[]> OPEN = new ThreadLocal<>();

    /** Starts counting on this thread. */
    public static void open() {
        OPEN.set(new long[2]);
    }

    /** Stops counting; returns {nanos spent inside AWS SDK client calls, number of calls}. */
    public static long[] close() {
        long[] r = OPEN.get();
        OPEN.remove();
        return r == null ? new long[2] : r;
    }

    @Override
    public DynamoDbClient onCreated(BeanCreatedEvent<DynamoDbClient> event) {
        return timed(DynamoDbClient.class, event.getBean());
    }

    /** The Step Functions client, timed the same way. */
    @Singleton
    public static final class StepFunctions implements BeanCreatedEventListener<SfnClient> {
        @Override
        public SfnClient onCreated(BeanCreatedEvent<SfnClient> event) {
            return timed(SfnClient.class, event.getBean());
        }
    }

    /** The S3 client, timed the same way. */
    @Singleton
    public static final class S3 implements BeanCreatedEventListener<S3Client> {
        @Override
        public S3Client onCreated(BeanCreatedEvent<S3Client> event) {
            return timed(S3Client.class, event.getBean());
        }
    }

    static <T> T timed(Class<T> type, T real) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().endsWith("Paginator") || (method.getParameterCount() == 1
                    && method.getParameterTypes()[0] == java.util.function.Consumer.class)) {
                // a paginator or a builder overload (the interface's own code): run it on the proxy, so that the
                // calls it makes (each page of a paginator, fetched while the caller iterates) are timed and counted
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            long[] r = OPEN.get();
            long t0 = System.nanoTime();
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (r != null && !method.getName().equals("close")) {
                    r[0] += System.nanoTime() - t0;
                    r[1]++;
                }
            }
        }));
    }
}
