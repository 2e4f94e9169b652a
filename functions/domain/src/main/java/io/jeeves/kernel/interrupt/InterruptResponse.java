package io.jeeves.kernel.interrupt;

import java.time.Instant;
import java.util.Map;

/**
 * A human's answer to an interrupt. {@code receivedAt} is set by the kernel, never by the caller
 * (fixes quirk §17.14).
 *
 * @param data free-form JSON object (maps, lists, strings, numbers, booleans), or null
 */
public record InterruptResponse(String text, Boolean approved, String decision, Map<String, Object> data, Instant receivedAt) {
}
