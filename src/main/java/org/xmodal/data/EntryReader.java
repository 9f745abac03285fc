package org.xmodal.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Builds the example list in the method's order: split order, then sentence, then phrase; a phrase is kept
 * only when its chain has at least one gold box. Nothing else is filtered or de-duplicated.
 */
public final class EntryReader {
    private EntryReader() {
    }

    public static List<Long> readSplit(Path splitFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(splitFile);
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "cannot read split list " + splitFile, e);
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                ids.add(Long.parseLong(line));
            } catch (NumberFormatException e) {
                throw new XmodalException(ErrorCode.MALFORMED_DATA, splitFile + " line " + (i + 1) + ": not an image id");
            }
        }
        return ids;
    }

    public static List<Entry> read(List<Long> imageIds, Path sentencesDir, Path annotationsDir) {
        return read(imageIds, sentencesDir, annotationsDir, FileGate.TRUSTING);
    }

    /** As {@link #read(List, Path, Path)}, passing each image's sentence and annotation file through {@code gate}. */
    public static List<Entry> read(List<Long> imageIds, Path sentencesDir, Path annotationsDir, FileGate gate) {
        List<Entry> entries = new ArrayList<>();
        for (long imageId : imageIds) {
            List<Caption> captions = SentencesParser.parse(gate.file("sentences", sentencesDir, imageId + ".txt", FileKind.TEXT));
            ImageAnnotation annotation = AnnotationsParser.parse(
                    gate.file("annotations", annotationsDir, imageId + ".xml", FileKind.TEXT));
            for (int s = 0; s < captions.size(); s++) {
                Caption caption = captions.get(s);
                for (Phrase phrase : caption.phrases()) {
                    if (!annotation.boxes(phrase.chainId()).isEmpty()) {
                        entries.add(new Entry(entries.size(), imageId, s, caption.text(), phrase,
                                List.copyOf(annotation.boxes(phrase.chainId()))));
                    }
                }
            }
        }
        return entries;
    }
}
