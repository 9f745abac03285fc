package org.xmodal.result;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Counts the rows that concurrent writers hand to the store and notes when each tenth of the expected total was
 * reached, so that the rate of the whole load and of any stretch of it (a slowdown as the table grows) can be told.
 */
final class LoadMeter {
    private final String label;
    private final long expected;
    private final PrintStream log;
    private final long[] rowsAt = new long[11];
    private final long[] nanosAt = new long[11];
    private long rows;
    private long inserted;
    private int next = 1;

    LoadMeter(String label, long expected, PrintStream log) {
        this.label = label;
        this.expected = expected;
        this.log = log;
        nanosAt[0] = System.nanoTime();
    }

    /** Records a committed chunk: rows offered to the store and rows it actually inserted. */
    synchronized void add(long offered, long stored) {
        rows += offered;
        inserted += stored;
        while (next <= 10 && rows * 10 >= expected * next) {
            rowsAt[next] = rows;
            nanosAt[next] = System.nanoTime();
            log.printf(Locale.ROOT, "%s: %d%% (%,d rows, %,.0f rows/s so far)%n", label, next * 10, rows, rate(0, next));
            next++;
        }
    }

    /** Rows per second between the moments {@code from}/10 and {@code to}/10 of the rows had been written. */
    synchronized double rate(int from, int to) {
        return (rowsAt[to] - rowsAt[from]) / ((nanosAt[to] - nanosAt[from]) / 1e9);
    }

    synchronized long rows() {
        return rows;
    }

    synchronized long inserted() {
        return inserted;
    }

    synchronized double seconds() {
        return (nanosAt[10] - nanosAt[0]) / 1e9;
    }
}
