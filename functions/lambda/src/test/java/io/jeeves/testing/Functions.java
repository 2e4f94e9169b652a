package io.jeeves.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.json.Json;
import io.jeeves.runtime.HttpApiEvent;
import io.jeeves.runtime.InProcessContext;
import io.jeeves.runtime.JeevesHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Invokes the real handler classes in this JVM, as Lambda would (bytes in, bytes out), against
 * DynamoDB Local. The functions' configuration points at a fresh set of tables, once per JVM.
 */
public final class Functions {
    private static final Map<String, JeevesHandler> HANDLERS = new ConcurrentHashMap<>();
    private static volatile boolean configured;
    /** The agents of the tests' LLM calls: scripted, priced, small windows where a test needs them. */
    public static final String LLM_CONFIG = """
            {"agents": {
               "assistant": {"provider": "scripted", "model": "scripted-1", "max_tokens": 64,
                             "replies": [{"match": "weather", "content": "Sunny, 21 degrees.", "input_tokens": 40,
                                          "output_tokens": 6},
                                         {"content": "Hello from the scripted provider.", "input_tokens": 25,
                                          "output_tokens": 7}]},
               "failing": {"provider": "scripted", "replies": [{"error": "rate_limited"}]}},
             "prices": [{"provider": "scripted", "model": "scripted", "input_per_million": "3.00",
                         "output_per_million": "15.00"}]}""";

    private Functions() {
    }

    public static synchronized void configure() {
        if (!configured) {
            System.setProperty("jeeves.dynamodb.endpoint", DynamoDbLocal.endpoint().toString());
            System.setProperty("jeeves.table-prefix", DynamoDbLocal.freshTables());
            // the LLM gateway's agents in tests: scripted replies (the event samples' "assistant" among them)
            System.setProperty("jeeves.llm.json", LLM_CONFIG);
            System.setProperty("jeeves.embeddings.provider", "hashing");
            configured = true;
        }
    }

    public static JeevesHandler handler(String function) {
        configure();
        return HANDLERS.computeIfAbsent(function, name -> {
            FunctionSpec spec = Catalog.function(name).orElseThrow(() -> new IllegalArgumentException("no function " + name));
            try {
                return (JeevesHandler) Class.forName(spec.handlerClass()).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Invokes with raw payload bytes; returns the raw response bytes. */
    public static byte[] invokeRaw(String function, byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler(function).handleRequest(new ByteArrayInputStream(payload), out, new InProcessContext(function, 30_000));
        return out.toByteArray();
    }

    /** A direct invocation: the payload is the RPC body; a failure throws the typed error. */
    public static JsonNode direct(String function, Object payload) {
        try {
            return Json.MAPPER.readTree(invokeRaw(function, Json.writeBytes(payload)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP request through the function's route, as API Gateway would deliver it. */
    public static Request http(String function) {
        return new Request(function);
    }

    public record Response(int status, Map<String, String> headers, JsonNode body) {
        public String code() {
            return body.path("code").asText();
        }

        public String field() {
            return body.path("field").asText(null);
        }
    }

    public static final class Request {
        private final String function;
        private final RouteSpec route;
        private final Map<String, String> path = new LinkedHashMap<>();
        private final HttpApiEvent event = new HttpApiEvent();
        private String sub = "alice";
        private List<String> scopes = List.of();
        private boolean authenticated = true;

        Request(String function) {
            this.function = function;
            this.route = Catalog.function(function).orElseThrow().routes().get(0);
        }

        public Request as(String subject, String... scopeList) {
            this.sub = subject;
            this.scopes = List.of(scopeList);
            return this;
        }

        public Request anonymous() {
            this.authenticated = false;
            return this;
        }

        public Request path(String name, String value) {
            path.put(name, value);
            return this;
        }

        public Request query(String name, String value) {
            event.query(name, value);
            return this;
        }

        public Request body(Object json) {
            event.body(json instanceof String s ? s : Json.write(json));
            return this;
        }

        public Request rawBody(byte[] bytes) {
            event.body(bytes);
            return this;
        }

        public Response send() {
            event.route(route, path).header("content-type", "application/json");
            if (authenticated) {
                event.caller(sub, scopes, route);
            }
            try {
                JsonNode out = Json.MAPPER.readTree(invokeRaw(function, Json.writeBytes(event.toJson())));
                Map<String, String> headers = new LinkedHashMap<>();
                out.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                String body = out.path("body").asText();
                return new Response(out.path("statusCode").asInt(), headers,
                        body.isEmpty() ? Json.object() : Json.MAPPER.readTree(body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
