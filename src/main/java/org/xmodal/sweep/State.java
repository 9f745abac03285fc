package org.xmodal.sweep;

/** The life of a sweep, run or shard, as stored in their {@code state} columns. */
public final class State {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    private State() {
    }

    public static boolean terminal(String state) {
        return SUCCEEDED.equals(state) || FAILED.equals(state) || CANCELLED.equals(state);
    }
}
