package org.xmodal.evaluation;

import org.xmodal.ablation.EncodedText;

/**
 * The inputs of one forward pass for one example, and what to score in its outputs. For vis4lang the scored
 * positions are the text labels; for lang4vis the single target row is scored against the detector's class
 * distribution {@code classProb}, its arg-max foreground class {@code xeLabel} and, where the example has one, its
 * gold class label {@code goldLabel} (-1 without).
 */
record ForwardItem(EncodedText text, float[] imageRows, float[] locations, int targetRow, float[] classProb,
                   int xeLabel, int goldLabel) {

    static ForwardItem mlm(EncodedText text, float[] imageRows, float[] locations) {
        return new ForwardItem(text, imageRows, locations, -1, null, -1, -1);
    }
}
