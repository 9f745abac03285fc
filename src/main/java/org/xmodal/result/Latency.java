package org.xmodal.result;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/** Wall time of a call repeated after a warm-up: the median and the 95th percentile, which a mean would hide. */
record Latency(double medianMillis, double p95Millis, int calls) {

    static Latency of(int warmup, int calls, Runnable call) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        DescriptiveStatistics millis = new DescriptiveStatistics(calls);
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.run();
            millis.addValue((System.nanoTime() - start) / 1e6);
        }
        return new Latency(millis.getPercentile(50), millis.getPercentile(95), calls);
    }
}
