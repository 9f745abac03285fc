package org.xmodal.evaluation;

import org.xmodal.ablation.Condition;

/**
 * The result of one example under one condition. {@code lossNats}: MLM (vis4lang) or MRC-KL (lang4vis);
 * {@code secondaryNats}: MRC-XE (lang4vis, NaN otherwise); {@code targetRegion}: the scored detector region
 * (lang4vis, -1 otherwise); {@code ablatedRegions}: how many detector regions the condition ablated;
 * {@code predicted}: arg-max token per masked position (vis4lang) or the arg-max class (lang4vis);
 * {@code labelNats}: MRC-XE against the example's gold class label (lang4vis with a label, NaN otherwise).
 */
public record ExampleResult(int example, Condition condition, float lossNats, float secondaryNats, int targetRegion,
                            int ablatedRegions, long[] predicted, float labelNats) {

    /** A result without a gold-label score. */
    public ExampleResult(int example, Condition condition, float lossNats, float secondaryNats, int targetRegion,
                         int ablatedRegions, long[] predicted) {
        this(example, condition, lossNats, secondaryNats, targetRegion, ablatedRegions, predicted, Float.NaN);
    }
}
