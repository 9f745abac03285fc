package org.xmodal.access;

/** What the path parameter of an operation names, so that the access filter can find the project it belongs to. */
public enum Target {
    NONE, PROJECT, EXPERIMENT, SWEEP, RUN, MODEL, DATASET
}
