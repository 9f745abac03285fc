package org.xmodal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.testing.Demo;

class HuggingFaceWordPieceTest {
    static HuggingFaceWordPiece tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void splitsUnknownWholeWordsIntoPiecesLowercasesAndStripsAccents() {
        assertThat(tokenizer.tokenize("A Skateboarder at the Café").tokens())
                .containsExactly("a", "skate", "##board", "##er", "at", "the", "cafe");
    }

    @Test
    void splitsPunctuationAndHashes() {
        assertThat(tokenizer.tokenize("a t-shirt #7 .").tokens()).containsExactly("a", "t", "-", "shirt", "#", "7", ".");
    }

    @Test
    void readsSpecialIdsFromTheVocabulary() {
        assertThat(tokenizer.specialTokens().mask()).isEqualTo(4);
        assertThat(tokenizer.specialTokens().cls()).isEqualTo(2);
        assertThat(tokenizer.token(tokenizer.tokenize("dog").ids()[0])).isEqualTo("dog");
        assertThat(tokenizer.tokenize("zzqx").tokens()).containsExactly("[UNK]");
    }

    @Test
    void refusesATokenizerWithoutSpecialTokens(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[PAD]\":0,\"a\":1}}}");
        assertThatThrownBy(() -> HuggingFaceWordPiece.load(file)).hasMessageContaining("no [CLS] token");
    }
}
