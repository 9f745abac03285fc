package org.xmodal.attributes;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xmodal.data.Entry;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Per-example attributes read from a TSV with a header. Each row names one example, by its index ({@code example})
 * or by {@code image}, {@code caption} (its 0-based index among the image's captions, or its text) and
 * {@code phrase} (the phrase's text); every other column is an attribute, an empty cell meaning no value. Several
 * rows may give one example several values of an attribute, except {@code label}: the example's gold class, a name
 * of the dataset's class list or its index, stored as the name. Any unknown or ambiguous key, unknown class or
 * malformed row refuses the whole file, listing the rows at fault.
 */
public final class AttributeTable {
    /** The gold class label attribute. */
    public static final String LABEL = "label";
    /** Phrase types, stored at registration. */
    public static final String PHRASE_TYPE = "phrase-type";
    /** Whether the gold label equals the detector's top foreground class at the target region: yes or no. */
    public static final String LABELMATCH_AGREE = "labelmatch-agree";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_VALUE = 200;
    private static final int LISTED = 20;

    /** One value of one attribute for one example. */
    public record Value(int example, String value) {
    }

    private final Map<String, List<Value>> values;

    private AttributeTable(Map<String, List<Value>> values) {
        this.values = values;
    }

    /** Attribute name → its values, in row order; names in column order. */
    public Map<String, List<Value>> values() {
        return values;
    }

    /** The gold label per example as a class index (-1 without a label), or null when the table has no label column. */
    public int[] labels(List<String> classNames, int examples) {
        List<Value> labels = values.get(LABEL);
        if (labels == null) {
            return null;
        }
        int[] byExample = new int[examples];
        java.util.Arrays.fill(byExample, -1);
        for (Value v : labels) {
            byExample[v.example()] = classNames.indexOf(v.value());
        }
        return byExample;
    }

    /** Reads {@code tsv} against a dataset's entries and class list (index 0 is the background class). */
    public static AttributeTable parse(String tsv, List<Entry> entries, List<String> classNames) {
        if (tsv == null || tsv.isBlank()) {
            throw invalid("the attribute file is empty: give a header and at least one row");
        }
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(tsv), CSVFormat.TDF.builder().setIgnoreEmptyLines(true).get())) {
            records = parser.getRecords();
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw invalid("the attribute file is not a readable TSV: " + rootMessage(e));
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        Keys keys = Keys.of(header);
        List<String> problems = new ArrayList<>();
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (keys.isKey(name)) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                problems.add("column " + (i + 1) + ": '" + name + "' is not an attribute name (letters, digits, '_', '-', '.'; at most 64)");
            } else if (name.equals(PHRASE_TYPE) || name.equals(LABELMATCH_AGREE)) {
                problems.add("column " + (i + 1) + ": '" + name + "' is computed by xmodal and cannot be imported");
            } else if (columns.putIfAbsent(name, i) != null) {
                problems.add("column " + (i + 1) + ": '" + name + "' appears twice");
            }
        }
        if (columns.isEmpty() && problems.isEmpty()) {
            problems.add("the header names no attribute column besides the key columns " + keys.describe());
        }
        if (!problems.isEmpty()) {
            throw invalid("the attribute file's header is malformed: " + String.join("; ", problems));
        }
        Lookup lookup = keys.byExample() ? null : new Lookup(entries);
        Map<String, List<Value>> values = new LinkedHashMap<>();
        columns.keySet().forEach(name -> values.put(name, new ArrayList<>()));
        Map<Integer, String> labelOf = new HashMap<>();
        Map<String, TreeSet<Integer>> seen = new HashMap<>();
        for (int r = 1; r < records.size(); r++) {
            CSVRecord record = records.get(r);
            String where = "line " + record.getRecordNumber();
            if (record.size() != header.size()) {
                problems.add(where + ": " + record.size() + " cells where the header has " + header.size());
                continue;
            }
            int example;
            try {
                example = keys.byExample() ? exampleIndex(record.get(keys.example()), entries.size())
                        : lookup.find(record.get(keys.image()), record.get(keys.caption()), record.get(keys.phrase()));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            for (Map.Entry<String, Integer> column : columns.entrySet()) {
                String name = column.getKey();
                String cell = record.get(column.getValue()).strip();
                if (cell.isEmpty()) {
                    continue;
                }
                if (cell.length() > MAX_VALUE || cell.chars().anyMatch(Character::isISOControl)) {
                    problems.add(where + ": the " + name + " value is longer than " + MAX_VALUE + " characters or holds control characters");
                    continue;
                }
                if (name.equals(LABEL)) {
                    try {
                        cell = className(cell, classNames);
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ": " + e.getMessage());
                        continue;
                    }
                    String earlier = labelOf.putIfAbsent(example, cell);
                    if (earlier != null && !earlier.equals(cell)) {
                        problems.add(where + ": example " + example + " already has label '" + earlier + "'; an example has one gold label");
                        continue;
                    }
                    if (earlier != null) {
                        continue;
                    }
                } else if (!seen.computeIfAbsent(name + "\u0000" + cell, k -> new TreeSet<>()).add(example)) {
                    continue; // the same value twice is the same value
                }
                values.get(name).add(new Value(example, cell));
            }
        }
        if (records.size() < 2) {
            problems.add("the file has a header but no rows");
        }
        if (!problems.isEmpty()) {
            List<String> listed = problems.subList(0, Math.min(LISTED, problems.size()));
            throw invalid(problems.size() + (problems.size() == 1 ? " row is" : " rows are") + " at fault, nothing was stored: "
                    + String.join("; ", listed) + (problems.size() > LISTED ? "; and " + (problems.size() - LISTED) + " more" : ""));
        }
        return new AttributeTable(values);
    }

    /** The class name that {@code cell} names: a foreground class name of the list, or its index. */
    static String className(String cell, List<String> classNames) {
        int index;
        if (cell.chars().allMatch(Character::isDigit)) {
            try {
                index = Integer.parseInt(cell);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index >= classNames.size()) {
                throw new IllegalArgumentException("label " + cell + " is not a class index (1 to " + (classNames.size() - 1) + ")");
            }
        } else {
            index = classNames.indexOf(cell);
            if (index < 0) {
                index = classNames.indexOf(cell.toLowerCase(Locale.ROOT));
            }
            if (index < 0) {
                throw new IllegalArgumentException("label '" + cell + "' is not a class of the dataset's class list");
            }
        }
        if (index == 0) {
            throw new IllegalArgumentException("label '" + cell + "' is the background class (index 0), not an object class");
        }
        return classNames.get(index);
    }

    private static int exampleIndex(String cell, int size) {
        try {
            int example = Integer.parseInt(cell.strip());
            if (example >= 0 && example < size) {
                return example;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("example '" + cell + "' is not an example index of the dataset (0 to " + (size - 1) + ")");
    }

    /** Which columns name the example. */
    private record Keys(int example, int image, int caption, int phrase) {
        static Keys of(List<String> header) {
            Keys keys = new Keys(header.indexOf("example"), header.indexOf("image"), header.indexOf("caption"), header.indexOf("phrase"));
            boolean triple = keys.image >= 0 && keys.caption >= 0 && keys.phrase >= 0;
            boolean partial = keys.image >= 0 || keys.caption >= 0 || keys.phrase >= 0;
            if (keys.example >= 0 && partial) {
                throw invalid("the attribute file's header has both 'example' and image/caption/phrase columns: key rows by one or the other");
            }
            if (keys.example < 0 && !triple) {
                throw invalid("the attribute file's header must name the example: an 'example' column (the example index), or "
                        + "'image', 'caption' and 'phrase' columns; it has " + header);
            }
            return keys;
        }

        boolean byExample() {
            return example >= 0;
        }

        boolean isKey(String name) {
            return byExample() ? name.equals("example") : name.equals("image") || name.equals("caption") || name.equals("phrase");
        }

        String describe() {
            return byExample() ? "(example)" : "(image, caption, phrase)";
        }
    }

    /** Finds an example by image, caption (index or text) and phrase text. */
    private static final class Lookup {
        private final Map<Long, List<Entry>> byImage = new HashMap<>();

        Lookup(List<Entry> entries) {
            entries.forEach(e -> byImage.computeIfAbsent(e.imageId(), k -> new ArrayList<>()).add(e));
        }

        int find(String image, String caption, String phrase) {
            long imageId;
            try {
                imageId = Long.parseLong(image.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("image '" + image + "' is not an image id");
            }
            List<Entry> ofImage = byImage.get(imageId);
            if (ofImage == null) {
                throw new IllegalArgumentException("image " + imageId + " has no example in the dataset");
            }
            String c = caption.strip();
            boolean byIndex = !c.isEmpty() && c.length() < 9 && c.chars().allMatch(Character::isDigit);
            int index = byIndex ? Integer.parseInt(c) : -1;
            List<Entry> found = ofImage.stream()
                    .filter(e -> byIndex ? e.sentenceIndex() == index : e.sentence().equals(c))
                    .filter(e -> e.phrase().text().equals(phrase.strip()))
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no example of image " + imageId + ", caption " + (byIndex ? c : "'" + c + "'")
                        + " has the phrase '" + phrase.strip() + "'");
            }
            if (found.size() > 1) {
                throw new IllegalArgumentException("image " + imageId + ", caption " + (byIndex ? c : "'" + c + "'") + ", phrase '"
                        + phrase.strip() + "' matches " + found.size() + " examples (" + found.stream().map(e -> "" + e.index())
                        .collect(java.util.stream.Collectors.joining(", ")) + "): key these rows by example");
            }
            return found.get(0).index();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static XmodalException invalid(String message) {
        return new XmodalException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
