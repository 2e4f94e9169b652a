package io.jeeves.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local HTTP server that answers LLM requests the way a backend does on the wire: a status, headers, and
 * a body written in the pieces a test chooses (each flushed as its own HTTP chunk), with pauses between
 * them. It counts and keeps every request (headers and body), so a test can check what was sent, and
 * whether anything was.
 */
public final class LlmTestServer implements AutoCloseable {
    /**
     * What to answer: status, headers, body pieces, a pause (ms) before each piece, whether the connection is
     * dropped mid-body, and a stall (ms) before the last piece only (a backend that stops sending mid-answer).
     */
    public record Answer(int status, Map<String, String> headers, List<byte[]> pieces, long pauseMillis, boolean dropped,
            long stallMillis) {
        public Answer(int status, Map<String, String> headers, List<byte[]> pieces, long pauseMillis, boolean dropped) {
            this(status, headers, pieces, pauseMillis, dropped, 0);
        }

        /** The whole body in one piece. */
        public static Answer of(int status, String contentType, String body) {
            return new Answer(status, Map.of("content-type", contentType), List.of(body.getBytes(StandardCharsets.UTF_8)),
                    0, false);
        }

        /** {@code body} cut at the given byte offsets, each piece flushed on its own. */
        public static Answer sse(byte[] body, int... cuts) {
            List<byte[]> pieces = new ArrayList<>();
            int from = 0;
            for (int cut : cuts) {
                pieces.add(java.util.Arrays.copyOfRange(body, from, cut));
                from = cut;
            }
            pieces.add(java.util.Arrays.copyOfRange(body, from, body.length));
            return new Answer(200, Map.of("content-type", "text/event-stream"), pieces, 0, false);
        }

        public Answer withPause(long millis) {
            return new Answer(status, headers, pieces, millis, dropped, stallMillis);
        }

        /** Nothing for {@code millis} before the last piece, the others written at once. */
        public Answer stallingBeforeTheLast(long millis) {
            return new Answer(status, headers, pieces, pauseMillis, dropped, millis);
        }

        /** The connection is dropped after the pieces, without ending the chunked body. */
        public Answer cutOff() {
            return new Answer(status, headers, pieces, pauseMillis, true, stallMillis);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, pieces, pauseMillis, dropped, stallMillis);
        }
    }

    /** A request as received. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private volatile Function<Received, Answer> script = r -> Answer.of(500, "application/json", "{}");

    public LlmTestServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "llm-test-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers every request with what {@code script} says (it may look at the request). */
    public LlmTestServer answering(Function<Received, Answer> script) {
        this.script = script;
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public int requests() {
        return received.size();
    }

    public List<Received> received() {
        return Collections.unmodifiableList(received);
    }

    /** How many answers the client stopped reading before their end (its connection closed on us). */
    public int disconnects() {
        return disconnects.get();
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(x.getRequestHeaders());
        Received r = new Received(x.getRequestMethod(), x.getRequestURI().getPath(), headers, body);
        received.add(r);
        Answer a = script.apply(r);
        boolean cutOff = a.dropped();
        a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
        try {
            long total = a.pieces().stream().mapToLong(p -> p.length).sum();
            // chunked, each flushed piece a chunk; cut off: a length the body never reaches (no last chunk that
            // would end it cleanly), then the connection closed mid-body
            x.sendResponseHeaders(a.status(), cutOff ? total + 1000 : 0);
            OutputStream out = x.getResponseBody();
            for (int i = 0; i < a.pieces().size(); i++) {
                byte[] piece = a.pieces().get(i);
                long pause = a.pauseMillis() + (i == a.pieces().size() - 1 ? a.stallMillis() : 0);
                if (pause > 0) {
                    Thread.sleep(pause);
                }
                out.write(piece);
                out.flush();
            }
            out.close();
        } catch (IOException e) {
            if (!cutOff) {
                disconnects.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.close();
        }
        if (cutOff) {
            // closing an exchange whose body is short leaves its connection open (the server neither ends nor
            // closes it); a handler that throws has its connection closed, as a backend that dies does
            throw new IOException("the answer is cut off");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
