package io.jeeves.runtime;

import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.TableSpec;
import io.jeeves.config.DynamoDbClients;
import io.jeeves.config.JeevesSettings;
import io.jeeves.functions.views.Views;
import io.jeeves.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;

/**
 * Cold-start work moved off the critical path. At the first moment a handler class is loaded, a
 * background thread builds the DynamoDB client the kernel will use (the SDK is the largest single cost
 * of a cold start), makes one read with it (TLS, signing and response parsing warm up, and the HTTP
 * connection is kept alive for the first request), and warms Jackson and EMF serialisation. Meanwhile
 * the main thread initialises logging and the Micronaut context. Nothing here is needed for
 * correctness: if it is slow or fails, the first request does the same work itself.
 *
 * <p>Set {@code JEEVES_PREWARM=false} to turn it off. The priming read is a GetItem on a table the
 * function may read, with a key that does not exist; which function is running comes from Lambda's
 * {@code _HANDLER} variable (no read when it is absent).
 */
public final class Prewarm {
    private static volatile boolean started;

    private Prewarm() {
    }

    static void start() {
        if (started || "false".equalsIgnoreCase(System.getenv("JEEVES_PREWARM"))) {
            return;
        }
        synchronized (Prewarm.class) {
            if (started) {
                return;
            }
            started = true;
        }
        daemon("jeeves-prewarm-sdk", Prewarm::sdk);
        daemon("jeeves-prewarm-json", Prewarm::serialisation);
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // best effort only; the first request will do this work
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** The DynamoDB client the kernel will take, and one read through it. */
    private static void sdk() {
        JeevesSettings settings = JeevesSettings.fromSystem();
        DynamoDbClient db = DynamoDbClients.get(settings.clientKey());
        runningFunction().flatMap(f -> f.tables().keySet().stream().findFirst())
                .ifPresent(table -> prime(db, settings, table));
    }

    /** Jackson on the shapes a request reads and writes, and EMF serialisation. */
    private static void serialisation() {
        try {
            var event = new HttpApiEvent().route("GET /v1/processes/{pid}", "GET", "/v1/processes/p")
                    .pathParameter("pid", "p").authorizer(Map.of("sub", "prewarm", "scope", ""), null)
                    .body("{\"n\":1,\"s\":\"x\",\"b\":true,\"a\":[1.5]}");
            var parsed = Json.read(Json.write(event.toJson()));
            Invocation inv = EventAdapter.complete(EventAdapter.parse(parsed, "prewarm"), parsed);
            var now = java.time.Instant.now();
            var p = io.jeeves.kernel.ProcessLifecycle.create("p", "r", "u", "s", io.jeeves.kernel.Priority.NORMAL,
                    io.jeeves.kernel.ResourceQuota.DEFAULTS, now);
            Json.writeBytes(EventAdapter.success(inv, Reply.ok(Views.process(p, now))));
            Json.writeBytes(EventAdapter.problem(inv, io.jeeves.error.JeevesException.notFound("prewarm")));
            MetricsContext emf = new MetricsContext();
            emf.putMetric("prewarm", 1);
            emf.serialize();
        } catch (java.io.IOException | software.amazon.cloudwatchlogs.emf.exception.InvalidMetricException e) {
            // best effort
        }
    }

    private static void prime(DynamoDbClient db, JeevesSettings settings, String tableId) {
        TableSpec spec = Catalog.table(tableId);
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(spec.partitionKey().name(), dummy(spec.partitionKey()));
        if (spec.sortKey() != null) {
            key.put(spec.sortKey().name(), dummy(spec.sortKey()));
        }
        try {
            db.getItem(r -> r.tableName(settings.table(tableId)).key(key));
        } catch (RuntimeException ignored) {
            // a missing table or permission still warmed the request path
        }
    }

    private static AttributeValue dummy(TableSpec.Key k) {
        return k.type() == TableSpec.Type.S ? AttributeValue.fromS("__prewarm__") : AttributeValue.fromN("0");
    }

    private static Optional<FunctionSpec> runningFunction() {
        String handler = System.getenv("_HANDLER");
        if (handler == null) {
            return Optional.empty();
        }
        String cls = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        return Catalog.functions().stream().filter(f -> f.handlerClass().equals(cls)).findFirst();
    }
}
