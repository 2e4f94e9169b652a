package io.jeeves.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The system clock at microsecond resolution, the precision the stores keep (so what a function
 * returns equals what it reads back). {@code Clock.tick} cannot do this: its {@code millis()} divides
 * by the tick in whole milliseconds.
 */
final class MicrosClock extends Clock {
    @Override
    public Instant instant() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
