package org.xmodal.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Parses a Flickr30k Entities {@code Sentences/<image>.txt} file (spec §1.1): one caption per non-empty line,
 * phrases marked as {@code [/EN#<chain>/<type>[/<type>...] word ... word]}. Malformed markup is an error that
 * names the file and line, never a silently shifted phrase list.
 */
public final class SentencesParser {
    private static final String TAG_PREFIX = "[/EN#";

    private SentencesParser() {
    }

    public static List<Caption> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "sentence file not found: " + file);
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read sentence file " + file, e);
        }
        List<Caption> captions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                captions.add(parseLine(lines.get(i), file + " line " + (i + 1)));
            }
        }
        return captions;
    }

    /** Parses one caption line; {@code where} names it in error messages, which never quote the line. */
    public static Caption parseLine(String line, String where) {
        List<String> words = new ArrayList<>();
        List<Phrase> phrases = new ArrayList<>();
        List<String> current = null;
        String chain = null;
        List<String> types = null;
        int start = 0;
        for (String token : line.strip().split("(?U)\\s+")) {
            if (current == null && token.startsWith("[")) {
                String[] parts = parseTag(token, where);
                chain = parts[0];
                types = List.of(Arrays.copyOfRange(parts, 1, parts.length));
                start = words.size();
                current = new ArrayList<>();
            } else if (current != null) {
                boolean closes = token.endsWith("]");
                String word = closes ? token.substring(0, token.length() - 1) : token;
                current.add(word);
                words.add(word);
                if (closes) {
                    phrases.add(new Phrase(start, String.join(" ", current), chain, types));
                    current = null;
                }
            } else {
                words.add(token);
            }
        }
        if (current != null) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, where + ": phrase of chain " + chain
                    + " is opened but never closed with ']'");
        }
        return new Caption(List.copyOf(words), List.copyOf(phrases));
    }

    private static String[] parseTag(String token, String where) {
        if (!token.startsWith(TAG_PREFIX) || token.endsWith("]")) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, where + ": a word opening with '[' is not a phrase tag"
                    + " of the form [/EN#<chain>/<type>");
        }
        String[] parts = token.substring(TAG_PREFIX.length()).split("/", -1);
        if (parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isDigit)) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, where + ": a phrase tag has no numeric chain id");
        }
        return parts;
    }
}
