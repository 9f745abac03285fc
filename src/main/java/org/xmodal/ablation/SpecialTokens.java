package org.xmodal.ablation;

/** Ids of the special tokens in the model's vocabulary (bert-base-uncased: 0, 101, 102, 103). */
public record SpecialTokens(long pad, long cls, long sep, long mask) {
}
