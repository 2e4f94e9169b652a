package io.jeeves.llm.provider;

import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.sse.SseDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * POSTs a JSON request to an LLM backend and streams its server-sent events, with the failures mapped to
 * the gateway's taxonomy: no connection → {@code connection}; no response headers within the time-out, or a
 * body that stalls for longer than the time-out between two reads → {@code timeout}; a non-2xx answer →
 * {@link LlmException#forStatus} with its {@code Retry-After}; a body beyond the size limit or an event beyond
 * the event limit → {@code parse}. The sink returning false closes the connection.
 *
 * <p>Error texts: the backend's own message (at most 200 characters) is kept for diagnosis, except on 401 and
 * 403, whose bodies may echo part of the key; request bodies and keys never appear.
 */
final class HttpStreams {
    /** A reply being read from a stream of events: each event, then the end (which may find it incomplete). */
    interface Reply {
        /**
         * One event, its data as bytes (UTF-8, valid during the call only).
         *
         * @return false to stop reading (the listener stopped, or the stream said it is done)
         */
        boolean onEvent(String event, byte[] data, int length);

        /** The stream has ended (or was stopped): completes the reply, or fails with {@code parse}. */
        void end();
    }

    /** A reply that hands the backend's events on to a listener, as the gateway's events. */
    abstract static class ListenerReply implements Reply {
        private final io.jeeves.llm.LlmListener listener;
        private final String backend;
        /** The listener asked to stop: nothing more is emitted, and the end is not checked. */
        boolean stopped;

        ListenerReply(io.jeeves.llm.LlmListener listener, String backend) {
            this.listener = listener;
            this.backend = backend;
        }

        /** Hands {@code event} on; false (and stopped) when the listener asks to stop. */
        final boolean emit(io.jeeves.llm.LlmEvent event) {
            if (!listener.onEvent(event)) {
                stopped = true;
                return false;
            }
            return true;
        }

        /** An event's JSON; a {@code parse} error when it is not JSON. */
        final com.fasterxml.jackson.databind.JsonNode json(byte[] data, int length) {
            try {
                com.fasterxml.jackson.databind.JsonNode node = Json.MAPPER.readTree(data, 0, length);
                if (node == null) {
                    throw notJson();
                }
                return node;
            } catch (IOException ex) {
                throw notJson();
            }
        }

        /** A parser over an event's data, for the hot events (one token each) read without building a tree. */
        final com.fasterxml.jackson.core.JsonParser parser(byte[] data, int length) {
            try {
                return Json.MAPPER.createParser(data, 0, length);
            } catch (IOException ex) {
                throw notJson();
            }
        }

        final LlmException notJson() {
            return LlmException.of(LlmErrorType.PARSE, "the " + backend + " stream sent an event that is not JSON");
        }

        /** The end without the backend saying it was done: a {@code parse} error. */
        final LlmException cutShort() {
            return LlmException.of(LlmErrorType.PARSE, "the " + backend + " stream ended before it was done");
        }
    }

    static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    static final int MAX_EVENT_BYTES = 1024 * 1024;
    private static final int MAX_MESSAGE = 200;
    /** Watches stalled bodies for every provider of the container: one daemon thread. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "llm-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient client;
    private final long maxBytes;
    private final String backend;

    /** @param backend the provider's name, for error messages */
    HttpStreams(HttpClient client, long maxBytes, String backend) {
        this.client = client;
        this.maxBytes = maxBytes;
        this.backend = backend;
    }

    static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends the request and reads the reply from its events. */
    void stream(URI uri, Map<String, String> headers, byte[] body, Duration timeout, Reply reply) {
        post(uri, headers, body, timeout, reply::onEvent);
        reply.end();
    }

    /** Reads a reply from a recorded stream arriving in {@code pieces}, as {@link #stream} does the network's. */
    static void decode(java.util.List<byte[]> pieces, Reply reply) {
        SseDecoder decoder = new SseDecoder(MAX_EVENT_BYTES, reply::onEvent);
        for (byte[] p : pieces) {
            if (!decoder.feed(p, 0, p.length)) {
                break;
            }
        }
        decoder.finish();
        reply.end();
    }

    /**
     * Sends the request and feeds the 2xx body's events to {@code sink} until the stream ends or the sink
     * returns false.
     */
    void post(URI uri, Map<String, String> headers, byte[] body, Duration timeout, SseDecoder.RawSink sink) {
        try (Body in = send(uri, headers, body, timeout, "text/event-stream")) {
            read(in, sink);
        } catch (LlmException e) {
            throw redacted(e, headers);
        }
    }

    /** The error without the values of the headers that carry keys (a backend may echo them). */
    private static LlmException redacted(LlmException e, Map<String, String> headers) {
        LlmException out = e;
        for (var h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("authorization") || name.endsWith("api-key")) {
                String v = h.getValue();
                out = out.redacting(v).redacting(v.startsWith("Bearer ") ? v.substring(7) : null);
            }
        }
        return out;
    }

    private void read(Body in, SseDecoder.RawSink sink) {
        SseDecoder decoder = new SseDecoder(MAX_EVENT_BYTES, sink);
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw oversized();
            }
            if (!decoder.feed(buf, 0, n)) {
                return; // the listener stopped: closing the body closes the connection
            }
        }
        decoder.finish();
    }


    /** Sends the request and answers the 2xx body, whole (a JSON answer: embeddings). */
    byte[] postForBody(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
        try (Body in = send(uri, headers, body, timeout, "application/json")) {
            byte[] bytes = in.readAtMost((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw oversized();
            }
            return bytes;
        } catch (LlmException e) {
            throw redacted(e, headers);
        }
    }

    private LlmException oversized() {
        return LlmException.of(LlmErrorType.PARSE, "the " + backend + " response exceeds " + maxBytes + " bytes");
    }

    /** The response's body, once it has answered 2xx; its failures mapped as the class says. */
    private Body send(URI uri, Map<String, String> headers, byte[] body, Duration timeout, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("content-type", "application/json").header("accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw LlmException.of(LlmErrorType.CONNECTION, "cannot connect to the " + backend + " backend at "
                    + hostOf(uri) + ": connect timed out");
        } catch (HttpTimeoutException e) {
            throw LlmException.of(LlmErrorType.TIMEOUT, "the " + backend + " backend did not answer within "
                    + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw LlmException.of(LlmErrorType.CONNECTION, "cannot connect to the " + backend + " backend at "
                    + hostOf(uri));
        } catch (IOException e) {
            throw LlmException.of(LlmErrorType.CONNECTION, "the connection to the " + backend + " backend failed: "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LlmException.of(LlmErrorType.CONNECTION, "interrupted while calling the " + backend + " backend");
        }
        Body in = new Body(response.body(), timeout);
        int status = response.statusCode();
        if (status / 100 != 2) {
            try (in) {
                throw LlmException.forStatus(status, errorMessage(status, in), retryAfter(response));
            }
        }
        return in;
    }

    /** The backend's error message, short, or just the status when its body could hold a key. */
    private String errorMessage(int status, Body in) {
        String prefix = "the " + backend + " backend answered " + status;
        if (status == 401 || status == 403) {
            return prefix + " (check the API key)";
        }
        byte[] bytes = in.readAtMost(64 * 1024);
        try {
            var node = Json.MAPPER.readTree(bytes);
            var error = node.path("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText(node.path("message").asText(""));
            String type = error.path("type").asText("");
            String detail = (type.isEmpty() ? "" : type + ": ") + message;
            return detail.isBlank() ? prefix : prefix + ": " + shorten(detail);
        } catch (IOException | RuntimeException e) {
            return prefix;
        }
    }

    static String shorten(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }

    /** {@code Retry-After}: delta-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response) {
        String v = response.headers().firstValue("retry-after").orElse(null);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String hostOf(URI uri) {
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    /**
     * A response body read with an inactivity time-out: a watchdog closes it when no byte has come for the
     * time-out, and the read that fails then is a {@code timeout}.
     */
    private final class Body implements AutoCloseable {
        private final InputStream in;
        private final long timeoutNanos;
        private final ScheduledFuture<?> watch;
        private volatile long lastRead = System.nanoTime();
        private volatile boolean stalled;

        Body(InputStream in, Duration timeout) {
            this.in = in;
            this.timeoutNanos = timeout.toNanos();
            long period = Math.max(1, timeout.toMillis() / 4);
            this.watch = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            if (System.nanoTime() - lastRead > timeoutNanos) {
                stalled = true;
                closeQuietly();
            }
        }

        int read(byte[] buf) {
            try {
                int n = in.read(buf);
                lastRead = System.nanoTime();
                return n;
            } catch (IOException e) {
                if (stalled) {
                    throw LlmException.of(LlmErrorType.TIMEOUT, "the " + backend + " stream stalled for more than "
                            + timeoutNanos / 1_000_000 + " ms");
                }
                throw LlmException.of(LlmErrorType.CONNECTION, "the " + backend + " stream broke off: "
                        + e.getClass().getSimpleName());
            }
        }

        /** Up to {@code limit} bytes of the body (an error's), what came before a failure if it fails. */
        byte[] readAtMost(int limit) {
            byte[] out = new byte[limit];
            int total = 0;
            try {
                int n;
                while (total < limit && (n = in.read(out, total, limit - total)) > 0) {
                    total += n;
                    lastRead = System.nanoTime();
                }
            } catch (IOException e) {
                if (stalled) {
                    throw LlmException.of(LlmErrorType.TIMEOUT, "the " + backend + " answer stalled for more than "
                            + timeoutNanos / 1_000_000 + " ms");
                }
                // what came is what we have (an error's body)
            }
            return java.util.Arrays.copyOf(out, total);
        }

        private void closeQuietly() {
            try {
                in.close();
            } catch (IOException e) {
                // closing a broken stream
            }
        }

        @Override
        public void close() {
            watch.cancel(false);
            closeQuietly();
        }
    }
}
