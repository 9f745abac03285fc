package org.xmodal.data;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xmodal.ablation.SpecialTokens;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * A BERT WordPiece tokenizer loaded offline from a Hugging Face {@code tokenizer.json} through DJL's binding of
 * the Rust {@code tokenizers} library. Special-token ids are read from the file's vocabulary, never assumed.
 */
public final class HuggingFaceWordPiece implements SubwordTokenizer {
    private static final List<String> SPECIALS = List.of("[PAD]", "[CLS]", "[SEP]", "[MASK]", "[UNK]");

    private final HuggingFaceTokenizer tokenizer;
    private final String[] tokensById;
    private final SpecialTokens special;

    private HuggingFaceWordPiece(HuggingFaceTokenizer tokenizer, String[] tokensById, SpecialTokens special) {
        this.tokenizer = tokenizer;
        this.tokensById = tokensById;
        this.special = special;
    }

    public static HuggingFaceWordPiece load(Path tokenizerJson) {
        Map<String, Integer> vocab = readVocabulary(tokenizerJson);
        for (String name : SPECIALS) {
            if (!vocab.containsKey(name)) {
                throw new XmodalException(ErrorCode.MALFORMED_DATA, tokenizerJson + ": the vocabulary has no " + name + " token");
            }
        }
        String[] byId = new String[vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        vocab.forEach((token, id) -> byId[id] = token);
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new HuggingFaceWordPiece(tokenizer, byId, new SpecialTokens(vocab.get("[PAD]"), vocab.get("[CLS]"),
                    vocab.get("[SEP]"), vocab.get("[MASK]")));
        } catch (IOException | RuntimeException e) {
            // the native library's message may quote the file
            throw new XmodalException(ErrorCode.MALFORMED_DATA, "cannot load tokenizer " + tokenizerJson, e);
        }
    }

    private static Map<String, Integer> readVocabulary(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "tokenizer file not found: " + file);
        }
        JsonNode vocab = Manifests.readJson("tokenizer", file).path("model").path("vocab");
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": no WordPiece vocabulary under model.vocab");
        }
        Map<String, Integer> map = new HashMap<>();
        vocab.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asInt()));
        return map;
    }

    @Override
    public Subwords tokenize(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        return new Subwords(Arrays.asList(encoding.getTokens()), encoding.getIds());
    }

    @Override
    public SpecialTokens specialTokens() {
        return special;
    }

    @Override
    public String token(long id) {
        return id >= 0 && id < tokensById.length && tokensById[(int) id] != null ? tokensById[(int) id] : "[" + id + "]";
    }

    @Override
    public int vocabularySize() {
        return tokensById.length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
