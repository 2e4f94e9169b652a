package io.jeeves.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK HTTP server as the local stack's endpoints run it: one handler on {@code /}, a pool of daemon
 * threads, and the body and response helpers they share.
 */
final class LocalHttpServer {
    private final HttpServer server;
    private final ExecutorService pool;

    private LocalHttpServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /** Starts serving {@code handler} on host:port (0 picks a free port) with {@code threads} named workers. */
    static LocalHttpServer start(String host, int port, int threads, String threadName, HttpHandler handler)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", handler);
        server.start();
        return new LocalHttpServer(server, pool);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** The request body, or null when it is over {@code max} bytes (read no further than that). */
    static byte[] readBody(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }

    /** Sends the status and the body (none when empty); headers are set by the caller beforehand. */
    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
