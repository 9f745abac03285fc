/**
 * Results once computed: per-condition summaries (n, mean, spread, deltas against {@code none}, in bits) and
 * per-example exports. Reads evaluation results; never runs a model.
 */
package org.xmodal.result;
