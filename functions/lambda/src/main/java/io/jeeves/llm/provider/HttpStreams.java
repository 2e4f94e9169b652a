package io.jeeves.llm.provider;

import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.sse.SseDecoder;
import java.io.IOException;
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
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * POSTs a JSON request to an LLM backend and streams its server-sent events, with the failures mapped to
 * the gateway's taxonomy: no connection → {@code connection}; no response headers within the time-out, or a
 * body that stalls for longer than the time-out between two reads → {@code timeout}; a non-2xx answer →
 * {@link LlmException#forStatus} with its {@code Retry-After}; a connection closed or reset mid-body →
 * {@code connection} (retryable: the gateway retries it only before any output); a body beyond the size limit,
 * an event beyond the event limit, or a stream that ends cleanly before it is done → {@code parse}. The sink
 * returning false closes the connection.
 *
 * <p>Error texts: the backend's own message (at most 200 characters) is kept for diagnosis, except on 401 and
 * 403, whose bodies may echo part of the key; request bodies and keys never appear.
 */
final class HttpStreams {
    /** A reply being read from a stream of events: each event, then the end (which may find it incomplete). */
    interface Reply {
        /**
         * One event, its data as bytes (UTF-8, valid during the call only): {@code length} from {@code offset}.
         *
         * @return false to stop reading (the listener stopped, or the stream said it is done)
         */
        boolean onEvent(String event, byte[] data, int offset, int length);

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
        final com.fasterxml.jackson.databind.JsonNode json(byte[] data, int offset, int length) {
            try {
                com.fasterxml.jackson.databind.JsonNode node = Json.MAPPER.readTree(data, offset, length);
                if (node == null) {
                    throw notJson();
                }
                return node;
            } catch (IOException ex) {
                throw notJson();
            }
        }

        /** A parser over an event's data, for the hot events (one token each) read without building a tree. */
        final com.fasterxml.jackson.core.JsonParser parser(byte[] data, int offset, int length) {
            try {
                return Json.MAPPER.createParser(data, offset, length);
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
        // HTTP/1.1: on http:// URLs (Ollama, llama.cpp, vLLM) the default would try an h2c upgrade, which some of
        // those servers mishandle; one response stream per call gains nothing from HTTP/2
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
    void post(URI uri, Map<String, String> headers, byte[] body, Duration timeout, SseDecoder.EventSink sink) {
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

    private void read(Body in, SseDecoder.EventSink sink) {
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
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofPublisher());
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
        Body in = new Body(timeout);
        response.body().subscribe(in.buffers);
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
     * A response body read with an inactivity time-out, pipelined: the HTTP client keeps reading the socket
     * ahead ({@link Handoff}) while the caller's thread decodes what came, so the network and the decoding
     * overlap instead of taking turns. A read that waits longer than the time-out is a {@code timeout}; closing
     * cancels the subscription (and so the connection).
     */
    private final class Body implements AutoCloseable {
        // the connection was closed or reset mid-body: a network failure, retryable; the gateway retries it only
        // if no output had come yet (an answer that ends cleanly but short is parse)
        private final Handoff<List<ByteBuffer>> buffers = new Handoff<>(backend, t -> LlmException.of(
                LlmErrorType.CONNECTION, "the " + backend + " stream broke off before it was done: "
                        + t.getClass().getSimpleName()));
        private final long timeoutNanos;
        private ByteBuffer current;
        private java.util.Iterator<ByteBuffer> pending = java.util.Collections.emptyIterator();

        Body(Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
        }

        /** Up to {@code buf.length} bytes; -1 at the end. */
        int read(byte[] buf) {
            while (current == null || !current.hasRemaining()) {
                if (pending.hasNext()) {
                    current = pending.next();
                    continue;
                }
                List<ByteBuffer> next = buffers.next(timeoutNanos);
                if (next == null) {
                    return -1;
                }
                pending = next.iterator();
            }
            int n = Math.min(buf.length, current.remaining());
            current.get(buf, 0, n);
            return n;
        }

        /** Up to {@code limit} bytes of the body (an error's, or a JSON answer); a broken one gives what came. */
        byte[] readAtMost(int limit) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while (out.size() < limit && (n = read(buf)) > 0) {
                    out.write(buf, 0, Math.min(n, limit - out.size()));
                }
            } catch (LlmException e) {
                if (e.type() == LlmErrorType.TIMEOUT) {
                    throw LlmException.of(LlmErrorType.TIMEOUT, "the " + backend + " answer stalled for more than "
                            + timeoutNanos / 1_000_000 + " ms");
                }
                // what came is what we have (an error's body)
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            buffers.abandon();
        }
    }
}
