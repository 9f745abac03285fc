package org.xmodal.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the platform's tables straight from PostgreSQL, for tests that check what a cluster of nodes wrote. */
public final class Sql {
    private Sql() {
    }

    /** The rows of {@code sql} (with {@code parameters} bound to its {@code ?}), each as a list of column values. */
    public static List<List<Object>> query(DataSource database, String sql, Object... parameters) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** The one number that {@code sql} answers. */
    public static long number(DataSource database, String sql, Object... parameters) throws SQLException {
        return ((Number) query(database, sql, parameters).get(0).get(0)).longValue();
    }

    /** A run's aggregates (condition, metric, n, mean, std), in a fixed order: equal lists are bit-identical aggregates. */
    public static List<List<Object>> aggregates(DataSource database, long run) throws SQLException {
        return query(database, "SELECT condition_index, metric, n, mean_nats, std_nats FROM aggregate WHERE run_id = ?"
                + " ORDER BY condition_index, metric", run);
    }
}
