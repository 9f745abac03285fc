package org.xmodal.data;

import java.util.List;
import org.xmodal.ablation.Box;

/**
 * One evaluation example: a grounded phrase occurrence (spec §1.1). {@code index} is its stable position in
 * the dataset's entry order; {@code refBoxes} are all gold boxes of the phrase's chain.
 */
public record Entry(int index, long imageId, int sentenceIndex, String sentence, Phrase phrase,
                    List<Box> refBoxes) {
}
