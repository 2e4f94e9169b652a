package io.jeeves.llm.provider;

import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What a publisher delivers on the HTTP client's threads, handed to the caller's thread, which waits for each
 * item at most the call's time-out: so a stalled backend is a {@code timeout} without a watchdog thread, and
 * the network is read ({@value #AHEAD} items ahead) while the caller works on what came. Cancelling closes the
 * stream (and its connection) when the caller stops early.
 *
 * @param <T> what is delivered: buffers of a body, events of a stream
 */
final class Handoff<T> implements Flow.Subscriber<T> {
    private static final int AHEAD = 32;
    private static final Object END = new Object();

    /** A failure in the queue (an item is never wrapped, so items and failures cannot be mistaken). */
    private record Failure(Throwable error) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final String backend;
    private final Function<Throwable, LlmException> failure;
    private volatile Flow.Subscription subscription;
    private volatile boolean done;

    /**
     * @param backend the provider's name, for the time-out's message
     * @param failure the publisher's failure in the taxonomy
     */
    Handoff(String backend, Function<Throwable, LlmException> failure) {
        this.backend = backend;
        this.failure = failure;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(AHEAD);
    }

    @Override
    public void onNext(T item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /** A failure reported outside the subscription (before it, or by the call as a whole). */
    void fail(Throwable t) {
        queue.add(new Failure(t));
    }

    /**
     * The next item, or null at the end.
     *
     * @throws LlmException {@code timeout} when nothing came for {@code timeoutNanos}, or the publisher's failure
     */
    T next(long timeoutNanos) {
        if (done) {
            return null;
        }
        Object next;
        try {
            next = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LlmException.of(LlmErrorType.CONNECTION, "interrupted while reading the " + backend + " stream");
        }
        if (next == null) {
            throw LlmException.of(LlmErrorType.TIMEOUT, "the " + backend + " stream stalled for more than "
                    + timeoutNanos / 1_000_000 + " ms");
        }
        if (next == END) {
            done = true;
            return null;
        }
        if (next instanceof Failure f) {
            done = true;
            throw failure.apply(f.error());
        }
        subscription.request(1); // one taken, one more may come
        @SuppressWarnings("unchecked")
        T item = (T) next;
        return item;
    }

    /**
     * Stops the stream if it has not ended or failed (the caller stopped reading early).
     *
     * @return whether it had not: what carries it should be abandoned too
     */
    boolean abandon() {
        if (done) {
            return false;
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        return true;
    }
}
