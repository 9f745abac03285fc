package org.xmodal.data;

import java.util.List;

/** A text cut into subword pieces, with their vocabulary ids; no special tokens. */
public record Subwords(List<String> tokens, long[] ids) {
}
