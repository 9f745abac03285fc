package org.xmodal.data;

import java.util.List;
import java.util.Map;
import org.xmodal.ablation.Box;

/** The gold boxes of one image, per coreference chain, in 0-based pixel coordinates. */
public record ImageAnnotation(int width, int height, Map<String, List<Box>> boxesByChain) {

    public List<Box> boxes(String chainId) {
        return boxesByChain.getOrDefault(chainId, List.of());
    }
}
