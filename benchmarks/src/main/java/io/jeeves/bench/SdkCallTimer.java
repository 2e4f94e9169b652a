package io.jeeves.bench;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Times every call the functions make on their DynamoDB client, whole (request building, the SDK's
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

    /** Stops counting; returns {nanos spent inside DynamoDB client calls, number of calls}. */
    public static long[] close() {
        long[] r = OPEN.get();
        OPEN.remove();
        return r == null ? new long[2] : r;
    }

    @Override
    public DynamoDbClient onCreated(BeanCreatedEvent<DynamoDbClient> event) {
        DynamoDbClient real = event.getBean();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
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
                });
    }
}
