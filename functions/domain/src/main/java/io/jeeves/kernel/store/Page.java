package io.jeeves.kernel.store;

import java.util.List;

/** One page of results; {@code nextToken} is opaque and null on the last page. */
public record Page<T>(List<T> items, String nextToken) {
    public Page {
        items = List.copyOf(items);
    }
}
