package io.jeeves.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * What goes on the wire: a small body leaves with its headers when the response is asked for (nothing is sent
 * before), a large one or one that waits for {@code 100 Continue} is streamed as the SDK asked; and the SDK's
 * requests through these connections are whole and answered.
 */
class OneWriteConnectionsTest {
    private ServerSocket server;
    private URI uri;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** The connection configured as the SDK's client configures it, its body written, the response not asked for. */
    private OneWriteConnections.Buffering written(byte[] body, boolean expectContinue) throws IOException {
        OneWriteConnections.Buffering c = (OneWriteConnections.Buffering) new OneWriteConnections().createConnection(uri);
        c.addRequestProperty("Content-Type", "application/x-amz-json-1.0");
        if (expectContinue) {
            c.addRequestProperty("Expect", "100-continue");
        }
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode((long) body.length);
        c.connect();
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        return c;
    }

    /** The bytes that reached the server within {@code millis}, with the connection accepted. */
    private static byte[] received(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        InputStream in = s.getInputStream();
        try {
            while (System.nanoTime() < until) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            // nothing more within the time
        }
        return got.toByteArray();
    }

    private static void answer(Socket s, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + b.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    @Test
    void aSmallBodyLeavesWithItsHeadersWhenTheResponseIsAskedFor() throws Exception {
        byte[] body = "{\"TableName\":\"t\",\"Key\":{\"pid\":{\"S\":\"p1\"}}}".getBytes(StandardCharsets.UTF_8);
        OneWriteConnections.Buffering c = written(body, false);
        assertFalse(c.streams());
        try (Socket s = server.accept()) {
            assertEquals(0, received(s, 300).length, "nothing is sent before the response is asked for");
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.getResponseCode();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String request = new String(received(s, 500), StandardCharsets.UTF_8);
            assertTrue(request.startsWith("POST / HTTP/1.1\r\n"), request);
            assertTrue(request.contains("Content-Length: " + body.length + "\r\n"), request);
            assertTrue(request.endsWith("\r\n\r\n" + new String(body, StandardCharsets.UTF_8)), request);
            answer(s, "{}");
            assertEquals(200, status.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aLargeBodyIsStreamedBehindHeadersSentAtOnce() throws Exception {
        byte[] body = new byte[(int) OneWriteConnections.BUFFERED_LIMIT + 1];
        Arrays.fill(body, (byte) 'x');
        CompletableFuture<OneWriteConnections.Buffering> writing = CompletableFuture.supplyAsync(() -> {
            try {
                return written(body, false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (Socket s = server.accept()) {
            String head = new String(received(s, 300), StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("POST / HTTP/1.1\r\n"), "the headers leave as the body's stream opens");
            assertTrue(head.contains("Content-Length: " + body.length + "\r\n"));
            assertTrue(writing.get(5, TimeUnit.SECONDS).streams());
        }
    }

    @Test
    void aRequestWaitingForContinueIsStreamed() throws Exception {
        CompletableFuture<OneWriteConnections.Buffering> writing = CompletableFuture.supplyAsync(() -> {
            try {
                return written("{}".getBytes(StandardCharsets.UTF_8), true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (Socket s = server.accept()) {
            String head = new String(received(s, 300), StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("POST / HTTP/1.1\r\n"), head);
            assertTrue(head.contains("Expect: 100-continue"), head);
            assertFalse(head.contains("{}"), "the body waits for 100 Continue");
            s.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertTrue(writing.get(5, TimeUnit.SECONDS).streams());
        }
    }

    @Test
    void theSdkThroughTheseConnectionsSendsWholeRequestsAndReadsTheAnswers() throws Exception {
        DynamoDbClient db = AwsClients.configure(DynamoDbClient.builder(), "us-east-1", Optional.of(uri)).build();
        CompletableFuture<GetItemResponse> call = CompletableFuture.supplyAsync(() -> db.getItem(g -> g.tableName("t")
                .key(Map.of("pid", AttributeValue.fromS("p1")))));
        try (Socket s = server.accept()) {
            String request = new String(received(s, 500), StandardCharsets.UTF_8);
            String body = "{\"TableName\":\"t\",\"Key\":{\"pid\":{\"S\":\"p1\"}}}";
            assertTrue(request.contains("X-Amz-Target: DynamoDB_20120810.GetItem\r\n"), request);
            assertTrue(request.contains("Content-Length: " + body.length() + "\r\n"), request);
            assertTrue(request.endsWith("\r\n\r\n" + body), request);
            answer(s, "{\"Item\":{\"pid\":{\"S\":\"p1\"},\"n\":{\"N\":\"7\"}}}");
            assertEquals("7", call.get(10, TimeUnit.SECONDS).item().get("n").n());
        } finally {
            db.close();
        }
    }
}
