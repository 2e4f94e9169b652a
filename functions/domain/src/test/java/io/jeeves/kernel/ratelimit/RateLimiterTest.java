package io.jeeves.kernel.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long T0 = 1_800_000_000_000L; // a whole hour, minute and second

    private record Run(RateState state, RateDecision last) {
    }

    private static Run admitN(RateState s, RateLimitConfig c, long now, int n) {
        RateDecision d = null;
        for (int i = 0; i < n; i++) {
            d = RateLimiter.decide(s, c, now, true);
            if (d.allowed()) {
                s = RateLimiter.admit(s, now);
            }
        }
        return new Run(s, d);
    }

    @Test
    void minuteLimitRefusesTheNextRequestWithTheRealNumbers() {
        RateLimitConfig c = new RateLimitConfig(3, 1000, 10, 10_000);
        Run r = admitN(RateState.empty(), c, T0, 3);
        assertThat(r.last().allowed()).isTrue();
        assertThat(r.last().window()).isEqualTo(RateWindow.MINUTE);
        assertThat(r.last().remaining()).isZero();
        RateDecision fourth = RateLimiter.decide(r.state(), c, T0 + 500, true);
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.reason()).isEqualTo("Rate limit exceeded: 3 requests per minute");
        assertThat(fourth.limit()).isEqualTo(3);
        assertThat(fourth.window().windowSeconds()).isEqualTo(60);
        assertThat(fourth.currentCount()).isEqualTo(3);
        assertThat(fourth.retryAfterSeconds()).as("the bucket at T0 leaves the window at T0+61s").isEqualTo(61);
        assertThat(RateLimiter.decide(r.state(), c, T0 + 60_999, true).allowed()).isFalse();
        assertThat(RateLimiter.decide(r.state(), c, T0 + 61_000, true).allowed()).isTrue();
    }

    @Test
    void hourAndBurstAndDayWindows() {
        RateLimitConfig hour = new RateLimitConfig(100, 5, 100, 10_000);
        Run h = admitN(RateState.empty(), hour, T0, 5);
        RateDecision sixth = RateLimiter.decide(h.state(), hour, T0 + 120_000, true);
        assertThat(sixth.reason()).isEqualTo("Rate limit exceeded: 5 requests per hour");
        assertThat(sixth.retryAfterSeconds()).isEqualTo(3660 - 120);

        RateLimitConfig burst = new RateLimitConfig(60, 1000, 3, 10_000);
        Run b = admitN(RateState.empty(), burst, T0, 3);
        RateDecision fourth = RateLimiter.decide(b.state(), burst, T0, true);
        assertThat(fourth.reason()).isEqualTo("Burst limit exceeded: 3 requests per 10 seconds");
        assertThat(fourth.retryAfterSeconds()).isEqualTo(11);
        assertThat(RateLimiter.decide(b.state(), burst, T0 + 11_000, true).allowed()).isTrue();

        RateLimitConfig day = new RateLimitConfig(60, 1000, 10, 2);
        Run d = admitN(RateState.empty(), day, T0, 2);
        RateDecision third = RateLimiter.decide(d.state(), day, T0 + 7_200_000, true);
        assertThat(third.window()).isEqualTo(RateWindow.DAY);
        assertThat(third.retryAfterSeconds()).isEqualTo(86_400 + 3_600 - 7_200);
    }

    @Test
    void defaultsRefuseTheEleventhRequestWithinTenSeconds() {
        Run r = admitN(RateState.empty(), RateLimitConfig.DEFAULTS, T0, 10);
        assertThat(r.last().allowed()).isTrue();
        RateDecision eleventh = RateLimiter.decide(r.state(), RateLimitConfig.DEFAULTS, T0 + 9_000, true);
        assertThat(eleventh.allowed()).isFalse();
        assertThat(eleventh.window()).isEqualTo(RateWindow.BURST);
    }

    @Test
    void rejectedRequestsAreNotCounted() {
        RateLimitConfig c = new RateLimitConfig(2, 1000, 10, 10_000);
        Run r = admitN(RateState.empty(), c, T0, 50); // 2 admitted, 48 refused
        assertThat(RateLimiter.count(r.state(), RateWindow.MINUTE, T0)).isEqualTo(2);
        assertThat(RateLimiter.count(r.state(), RateWindow.DAY, T0)).isEqualTo(2);
        assertThat(RateLimiter.decide(r.state(), c, T0 + 61_000, true).allowed()).isTrue();
    }

    @Test
    void theLongestWaitDecidesWhenSeveralWindowsAreFull() {
        RateLimitConfig c = new RateLimitConfig(2, 2, 2, 10_000);
        Run r = admitN(RateState.empty(), c, T0, 2);
        RateDecision d = RateLimiter.decide(r.state(), c, T0 + 1_000, true);
        assertThat(d.window()).isEqualTo(RateWindow.HOUR);
        assertThat(d.retryAfterSeconds()).isEqualTo(3659);
    }

    @Test
    void peekingDoesNotCountAndReportsTheTightestWindow() {
        RateLimitConfig c = new RateLimitConfig(60, 1000, 10, 10_000);
        Run r = admitN(RateState.empty(), c, T0, 4);
        RateDecision peek = RateLimiter.decide(r.state(), c, T0, false);
        assertThat(peek.allowed()).isTrue();
        assertThat(peek.window()).isEqualTo(RateWindow.BURST);
        assertThat(peek.currentCount()).isEqualTo(4);
        assertThat(peek.remaining()).isEqualTo(6);
        RateDecision recorded = RateLimiter.decide(r.state(), c, T0, true);
        assertThat(recorded.currentCount()).isEqualTo(5);
        assertThat(recorded.remaining()).isEqualTo(5);
    }

    @Test
    void stateStaysBoundedAndBecomesIdleAfterADay() {
        RateLimitConfig c = new RateLimitConfig(1_000_000, 1_000_000, 1_000_000, 1_000_000);
        RateState s = RateState.empty();
        for (int i = 0; i < 5_000; i++) {
            s = RateLimiter.admit(s, T0 + i * 997L);
        }
        assertThat(s.seconds().size()).isLessThanOrEqualTo(62);
        assertThat(s.minutes().size()).isLessThanOrEqualTo(62);
        assertThat(RateLimiter.decide(s, c, T0, false).allowed()).isTrue();
        long last = T0 + 4_999 * 997L;
        assertThat(s.isIdle(last + 3_600_000)).isFalse();
        assertThat(s.isIdle(last + 90_000_000)).isTrue();
    }

    @Test
    void aZeroLimitBlocksTheUser() {
        RateLimitConfig blocked = new RateLimitConfig(0, 1000, 10, 10_000);
        RateDecision d = RateLimiter.decide(RateState.empty(), blocked, T0, true);
        assertThat(d.allowed()).isFalse();
        assertThat(d.limit()).isZero();
    }
}
