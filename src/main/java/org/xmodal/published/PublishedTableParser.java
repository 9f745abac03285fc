package org.xmodal.published;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.FieldError;
import org.xmodal.platform.XmodalException;

/**
 * Reads a published table in the paper's shape (tab-separated, a header line, an optional unnamed index column):
 * {@code Model, Mask, MLM} is vis4lang with Mask None, an IoT threshold 0.9 … 0.0, All, or empty for a text-only
 * model; {@code Model, Mask, MRC-KL[, MRC-XE]} is lang4vis with Mask None, Phrase or All, MRC-KL empty for a model
 * with a 1600-way visual head. Values are mean bits.
 * Anything else is refused with the file and line at fault.
 */
public final class PublishedTableParser {
    static final int MAX_ROWS = 100_000;
    private static final Pattern THRESHOLD = Pattern.compile("0\\.\\d|1\\.0");
    private static final Map<String, String> LANG4VIS_MASKS = Map.of("none", "none", "phrase", "phrase", "all", "all");

    private PublishedTableParser() {
    }

    /** The rows of one file; {@code source} names it in errors. */
    public static List<PublishedRow> parse(String source, String text) {
        if (text == null || text.isBlank()) {
            throw malformed(source, "the table is empty");
        }
        CSVFormat format = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setAllowMissingColumnNames(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames();
            String direction = direction(source, header);
            List<PublishedRow> rows = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (CSVRecord record : parser) {
                if (rows.size() >= MAX_ROWS) {
                    throw malformed(source, "more than " + MAX_ROWS + " rows");
                }
                rows.addAll(row(source, direction, header, record, seen));
            }
            if (rows.isEmpty()) {
                throw malformed(source, "the table has a header but no rows");
            }
            return rows;
        } catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw malformed(source, "not a tab-separated table: " + e.getMessage());
        }
    }

    private static String direction(String source, List<String> header) {
        if (!header.contains("Model") || !header.contains("Mask")) {
            throw malformed(source, "the header needs the columns Model and Mask (and MLM, or MRC-KL and optionally MRC-XE); it has "
                    + header);
        }
        if (header.contains("MLM") && !header.contains("MRC-KL") && !header.contains("MRC-XE")) {
            return "vis4lang";
        }
        if (header.contains("MRC-KL") && !header.contains("MLM")) {
            return "lang4vis";
        }
        throw malformed(source, "the header must have MLM (vis4lang) or MRC-KL with optional MRC-XE (lang4vis), not both; it has " + header);
    }

    private static List<PublishedRow> row(String source, String direction, List<String> header, CSVRecord record, Set<String> seen) {
        long line = record.getRecordNumber() + 1;
        if (!record.isConsistent()) {
            throw malformed(source, "line " + line + " has " + record.size() + " cells, the header " + header.size());
        }
        String model = record.get("Model");
        if (model.isEmpty() || model.length() > 200 || model.chars().anyMatch(Character::isISOControl)) {
            throw malformed(source, "line " + line + ": Model must be 1 to 200 printable characters");
        }
        String condition = condition(source, line, direction, record.get("Mask"));
        if (!seen.add(model + "\t" + condition)) {
            throw malformed(source, "line " + line + ": " + model + " under " + condition + " appears twice");
        }
        PaperName name = PaperName.parse(model);
        List<PublishedRow> rows = new ArrayList<>(2);
        if (direction.equals("vis4lang")) {
            rows.add(new PublishedRow(model, name.architecture(), name.seed(), name.variant(), direction, condition, "mlm",
                    value(source, line, "MLM", record.get("MLM")), null));
        } else {
            // an empty MRC-KL is a model with a 1600-way visual head (UNITER-xent): it has only a cross-entropy
            boolean klHead = !record.get("MRC-KL").isEmpty();
            boolean xe = header.contains("MRC-XE") && !record.get("MRC-XE").isEmpty();
            if (klHead || !xe) {
                rows.add(new PublishedRow(model, name.architecture(), name.seed(), name.variant(), direction, condition, "mrc-kl",
                        value(source, line, "MRC-KL", record.get("MRC-KL")), null));
            }
            if (xe) {
                rows.add(new PublishedRow(model, name.architecture(), name.seed(), name.variant(), direction, condition, "mrc-xe",
                        value(source, line, "MRC-XE", record.get("MRC-XE")), klHead ? PublishedRow.OFF_BY_ONE : PublishedRow.HEAD_1600));
            }
        }
        return rows;
    }

    /** The Mask cell in xmodal's condition names; an empty vis4lang mask is a text-only model's single value (none). */
    private static String condition(String source, long line, String direction, String mask) {
        String m = mask.toLowerCase(Locale.ROOT);
        if (direction.equals("lang4vis")) {
            String c = LANG4VIS_MASKS.get(m);
            if (c == null) {
                throw malformed(source, "line " + line + ": Mask '" + clip(mask) + "' is not None, Phrase or All");
            }
            return c;
        }
        if (m.isEmpty() || m.equals("none")) {
            return "none";
        }
        if (m.equals("all")) {
            return "all";
        }
        if (THRESHOLD.matcher(m).matches() && !m.equals("1.0")) {
            return "object@" + m;
        }
        throw malformed(source, "line " + line + ": Mask '" + clip(mask) + "' is not None, All, empty or an IoT threshold 0.9 … 0.0");
    }

    private static double value(String source, long line, String column, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw malformed(source, "line " + line + ": " + column + " '" + clip(cell) + "' is not a number");
        }
        if (!Double.isFinite(v) || v < 0) {
            throw malformed(source, "line " + line + ": " + column + " must be a finite loss of at least 0 bits, got " + clip(cell));
        }
        return v;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    static XmodalException malformed(String source, String message) {
        return new XmodalException(ErrorCode.INVALID_ARGUMENT, source + ": " + message,
                List.of(new FieldError("tables", source + ": " + message)));
    }
}
