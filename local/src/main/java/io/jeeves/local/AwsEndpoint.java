package io.jeeves.local;

import com.sun.net.httpserver.HttpExchange;
import io.jeeves.json.Json;
import io.jeeves.local.lambda.LambdaApi;
import io.jeeves.local.sfn.StepFunctionsApi;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP endpoint for the AWS APIs of the local stack that have no emulator of their own: Step
 * Functions (AWS JSON 1.0 on {@code POST /}) and Lambda ({@code /2015-03-31/functions/...}). An SDK
 * client or the AWS CLI reaches either by endpoint override; requests are not signature-checked.
 */
final class AwsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(AwsEndpoint.class);
    /** Larger than any valid request (Lambda's 6 MB, Step Functions' 1 MB definitions): refuse early. */
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final StepFunctionsApi sfn;
    private final LambdaApi lambda;
    private LocalHttpServer server;

    AwsEndpoint(StepFunctionsApi sfn, LambdaApi lambda) {
        this.sfn = sfn;
        this.lambda = lambda;
    }

    int start(String host, int port) throws IOException {
        server = LocalHttpServer.start(host, port, 32, "jeeves-aws", this::handle);
        return server.port();
    }

    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = LocalHttpServer.readBody(ex.getRequestBody(), MAX_BODY);
            if (body == null) {
                send(ex, 413, Map.of("Content-Type", "application/json"),
                        Json.writeBytes(Json.object().put("message", "Request entity too large")));
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            if (LambdaApi.handles(path)) {
                LambdaApi.Reply r = lambda.handle(ex.getRequestMethod(), path, headers, body);
                send(ex, r.status(), r.headers(), r.body());
                return;
            }
            if (ex.getRequestMethod().equals("POST") && headers.containsKey("x-amz-target")) {
                StepFunctionsApi.Reply r = sfn.handle(headers.get("x-amz-target"), body);
                Map<String, String> out = r.errorType() == null
                        ? Map.of("Content-Type", "application/x-amz-json-1.0")
                        : Map.of("Content-Type", "application/x-amz-json-1.0", "x-amzn-ErrorType", r.errorType());
                send(ex, r.status(), out, Json.writeBytes(r.body()));
                return;
            }
            send(ex, 404, Map.of("Content-Type", "application/json"), Json.writeBytes(Json.object()
                    .put("message", "Not a Step Functions or Lambda request: " + ex.getRequestMethod() + " " + path)));
        } catch (IOException | RuntimeException e) {
            LOG.error("AWS API request failed", e);
            throw e;
        }
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (!ex.getResponseHeaders().containsKey("x-amzn-RequestId")) {
            ex.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        }
        LocalHttpServer.send(ex, status, body);
    }
}
