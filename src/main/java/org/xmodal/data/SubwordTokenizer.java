package org.xmodal.data;

import org.xmodal.ablation.SpecialTokens;

/** A BERT-style subword tokenizer: what the method needs of it, whatever library implements it. */
public interface SubwordTokenizer extends AutoCloseable {

    /** Cuts a text into subwords without adding special tokens. */
    Subwords tokenize(String text);

    SpecialTokens specialTokens();

    /** The token string of a vocabulary id (for showing predictions). */
    String token(long id);

    int vocabularySize();

    @Override
    void close();
}
