package org.xmodal.attributes;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.xmodal.result.ResultQueries.RunInfo;
import org.xmodal.result.SpreadsheetText;

/**
 * A run's per-example rows restricted to a subset, with, under {@code by=}, a last column {@code group} that holds the
 * example's values of the attribute ({@code |}-separated; an example is written once whatever its number of values).
 */
@ApplicationScoped
public class RowExport {
    private final DataSource dataSource;
    private final SubsetQueries subsets;

    public RowExport(DataSource dataSource, SubsetQueries subsets) {
        this.dataSource = dataSource;
        this.subsets = subsets;
    }

    public void run(RunInfo run, Restriction restriction, String format, OutputStream out) throws IOException {
        subsets.validate(List.of(run), restriction);
        List<String> header = new ArrayList<>(List.of("run", "model", "direction", "example", "condition", "loss_nats",
                "secondary_nats", "target_region", "ablated_regions", "predicted", "label_nats"));
        if (restriction.by() != null) {
            header.add("group");
        }
        StringBuilder sql = new StringBuilder("SELECT r.example, r.condition_index, r.loss_nats, r.secondary_nats, r.target_region, "
                + "r.ablated_regions, CAST(r.predicted AS TEXT), r.label_nats");
        if (restriction.by() != null) {
            sql.append(", (SELECT string_agg(g.value, '|' ORDER BY g.value) FROM example_attribute g WHERE g.dataset_id = ? "
                    + "AND g.name = ? AND g.example = r.example)");
        }
        sql.append(" FROM result r WHERE r.run_id = ?");
        for (int i = 0; i < restriction.subsets().size(); i++) {
            sql.append(" AND EXISTS (SELECT 1 FROM example_attribute s WHERE s.dataset_id = ? AND s.name = ? AND s.value = ? "
                    + "AND s.example = r.example)");
        }
        sql.append(" ORDER BY r.example, r.condition_index");
        CSVFormat base = format.equals("tsv") ? CSVFormat.TDF : CSVFormat.RFC4180;
        try (CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                base.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator('\n').get());
             Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                s.setFetchSize(5000);
                int i = 1;
                if (restriction.by() != null) {
                    s.setLong(i++, run.datasetId());
                    s.setString(i++, restriction.by());
                }
                s.setLong(i++, run.id());
                for (Restriction.Subset subset : restriction.subsets()) {
                    s.setLong(i++, run.datasetId());
                    s.setString(i++, subset.name());
                    s.setString(i++, subset.value());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        List<Object> cells = new ArrayList<>(List.of(run.id(), SpreadsheetText.of(run.model()),
                                SpreadsheetText.of(run.direction()), rs.getInt(1), SpreadsheetText.of(run.conditions().get(rs.getInt(2))),
                                Float.toString(rs.getFloat(3)), floatOrEmpty(rs, 4), rs.getObject(5) == null ? "" : rs.getObject(5),
                                rs.getInt(6), SpreadsheetText.of(rs.getString(7).replaceAll("[{}]", "").replace(',', ' ')),
                                floatOrEmpty(rs, 8)));
                        if (restriction.by() != null) {
                            cells.add(rs.getString(9) == null ? "" : SpreadsheetText.of(rs.getString(9)));
                        }
                        printer.printRecord(cells);
                    }
                }
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw AttributeStore.failure("cannot export run " + run.id(), e);
        }
    }

    private static String floatOrEmpty(ResultSet rs, int column) throws SQLException {
        Float value = (Float) rs.getObject(column, Float.class);
        return value == null ? "" : Float.toString(value);
    }
}
