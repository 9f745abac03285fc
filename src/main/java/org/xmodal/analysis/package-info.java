/**
 * Uncertainty of a run's numbers: paired bootstrap intervals for every condition's mean and every change against
 * {@code none}, and paired sign-flip permutation tests with Holm's correction, computed from the per-example values
 * of a run and cached beside its aggregates.
 */
package org.xmodal.analysis;
