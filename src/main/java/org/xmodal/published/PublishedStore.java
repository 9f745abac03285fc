package org.xmodal.published;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Published tables and their rows in PostgreSQL; a table and all its rows are written in one transaction. */
@ApplicationScoped
public class PublishedStore {
    private static final String TABLES = "SELECT t.id, t.name, t.citation, t.sources, t.sha256, t.imported_at, "
            + "(SELECT count(*) FROM published_result r WHERE r.table_id = t.id) FROM published_table t";
    private final DataSource dataSource;

    public PublishedStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A stored table's provenance. */
    public record TableInfo(long id, String name, String citation, List<String> sources, String sha256, Instant importedAt,
                            long rowCount) {
    }

    /** Stores a table unless one of that name exists; answers the stored table and whether this call created it. */
    public record Saved(TableInfo table, boolean created) {
    }

    public Saved save(String name, String citation, List<String> sources, String sha256, List<PublishedRow> rows, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Long id = insertTable(c, name, citation, sources, sha256, now);
                if (id == null) {
                    c.rollback();
                    return new Saved(byName(name).orElseThrow(), false);
                }
                insertRows(c, id, rows);
                c.commit();
                return new Saved(byName(name).orElseThrow(), true);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot store published table " + name + ": " + e.getMessage(), e);
        }
    }

    private static Long insertTable(Connection c, String name, String citation, List<String> sources, String sha256,
                                    Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO published_table (name, citation, sources, sha256, imported_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (name) DO NOTHING RETURNING id""")) {
            s.setString(1, name);
            s.setString(2, citation);
            s.setArray(3, c.createArrayOf("text", sources.toArray()));
            s.setString(4, sha256);
            s.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void insertRows(Connection c, long id, List<PublishedRow> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO published_result (table_id, model, architecture, seed, variant, direction, condition, metric,
                mean_bits, caveat, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int position = 0;
            for (PublishedRow r : rows) {
                s.setLong(1, id);
                s.setString(2, r.model());
                s.setString(3, r.architecture());
                if (r.seed() == null) {
                    s.setNull(4, Types.BIGINT);
                } else {
                    s.setLong(4, r.seed());
                }
                s.setString(5, r.variant());
                s.setString(6, r.direction());
                s.setString(7, r.condition());
                s.setString(8, r.metric());
                s.setDouble(9, r.meanBits());
                s.setString(10, r.caveat());
                s.setInt(11, position++);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public List<TableInfo> tables() {
        return query(TABLES + " ORDER BY t.name", null);
    }

    public Optional<TableInfo> byName(String name) {
        return query(TABLES + " WHERE t.name = ?", name).stream().findFirst();
    }

    private List<TableInfo> query(String sql, String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (name != null) {
                s.setString(1, name);
            }
            List<TableInfo> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableInfo(rs.getLong(1), rs.getString(2), rs.getString(3),
                            List.of((String[]) rs.getArray(4).getArray()), rs.getString(5), rs.getTimestamp(6).toInstant(),
                            rs.getLong(7)));
                }
            }
            return tables;
        } catch (SQLException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read published tables: " + e.getMessage(), e);
        }
    }

    /** A table's rows in the order they were imported (file by file, line by line). */
    public List<PublishedRow> rows(long tableId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT model, architecture, seed, variant, direction, condition, metric, mean_bits, caveat
                FROM published_result WHERE table_id = ? ORDER BY position""")) {
            s.setLong(1, tableId);
            List<PublishedRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new PublishedRow(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getDouble(8), rs.getString(9)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read published rows: " + e.getMessage(), e);
        }
    }
}
