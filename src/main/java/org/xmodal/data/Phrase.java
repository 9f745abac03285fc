package org.xmodal.data;

import java.util.List;

/** One marked phrase of a caption: where it starts (in words), its text, its coreference chain and types. */
public record Phrase(int firstWordIndex, String text, String chainId, List<String> types) {
}
