package org.xmodal.platform;

import java.time.Duration;

/** How often and how late failed work is tried again: exponential backoff capped at {@code maxBackoff}. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1 || multiplier < 1.0 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry policy needs maxAttempts >= 1, multiplier >= 1 and "
                    + "0 <= initialBackoff <= maxBackoff");
        }
    }

    public static RetryPolicy of(XmodalConfig.Sweeps config) {
        return new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.backoffMultiplier(), config.maxBackoff());
    }

    /** Whether work that has been attempted {@code attempts} times may run again. */
    public boolean allowsAnother(int attempts) {
        return attempts < maxAttempts;
    }

    /** The wait before attempt number {@code attempts + 1}, after {@code attempts} failures (attempts >= 1). */
    public Duration backoffAfter(int attempts) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
