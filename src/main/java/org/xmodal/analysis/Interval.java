package org.xmodal.analysis;

/** A confidence interval; {@code low == high} when every resample gave the same value. */
public record Interval(double low, double high) {
    public double width() {
        return high - low;
    }

    public Interval scaled(double factor) {
        return new Interval(low * factor, high * factor);
    }
}
