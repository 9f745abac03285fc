package org.xmodal.attributes;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.xmodal.data.Entry;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** The {@code example_attribute} table: per dataset, named values per example (several rows for several values). */
@ApplicationScoped
public class AttributeStore {
    private static final String INSERT = """
            INSERT INTO example_attribute (dataset_id, example, name, value)
            SELECT ?, u.e, ?, u.v FROM unnest(?::int[], ?::text[]) AS u(e, v) ON CONFLICT DO NOTHING""";
    private final DataSource dataSource;

    public AttributeStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One value of an attribute and how many examples have it. */
    public record ValueCount(String value, long examples) {
    }

    /** An attribute of a dataset: its values with their example counts, and how many examples have any value. */
    public record Attribute(String name, long examples, List<ValueCount> values) {
    }

    /** Stores the phrase types of a dataset's examples unless it has them already. */
    public void storePhraseTypes(long datasetId, List<Entry> entries) {
        if (!names(datasetId).contains(AttributeTable.PHRASE_TYPE)) {
            replace(datasetId, Map.of(AttributeTable.PHRASE_TYPE, PhraseTypes.of(entries)));
        }
    }

    /** Replaces every value of the named attributes of a dataset, all in one transaction. */
    public void replace(long datasetId, Map<String, List<AttributeTable.Value>> values) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM example_attribute WHERE dataset_id = ? AND name = ANY (?)")) {
                    delete.setLong(1, datasetId);
                    delete.setArray(2, c.createArrayOf("text", values.keySet().toArray()));
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                    for (Map.Entry<String, List<AttributeTable.Value>> attribute : values.entrySet()) {
                        insert.setLong(1, datasetId);
                        insert.setString(2, attribute.getKey());
                        insert.setArray(3, c.createArrayOf("integer", attribute.getValue().stream().map(AttributeTable.Value::example).toArray()));
                        insert.setArray(4, c.createArrayOf("text", attribute.getValue().stream().map(AttributeTable.Value::value).toArray()));
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot store the attributes of dataset " + datasetId, e);
        }
    }

    /** The attribute names a dataset has, sorted. */
    public List<String> names(long datasetId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT DISTINCT name FROM example_attribute WHERE dataset_id = ? ORDER BY name")) {
            s.setLong(1, datasetId);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw failure("cannot read the attributes of dataset " + datasetId, e);
        }
    }

    /** Every attribute of a dataset with its values and their example counts. */
    public List<Attribute> attributes(long datasetId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT name, value, count(*), (SELECT count(DISTINCT example) FROM example_attribute b
                                                    WHERE b.dataset_id = a.dataset_id AND b.name = a.name)
                     FROM example_attribute a WHERE dataset_id = ? GROUP BY dataset_id, name, value ORDER BY name, value""")) {
            s.setLong(1, datasetId);
            Map<String, Attribute> byName = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    long examples = rs.getLong(4);
                    byName.computeIfAbsent(name, n -> new Attribute(n, examples, new ArrayList<>()))
                            .values().add(new ValueCount(rs.getString(2), rs.getLong(3)));
                }
            }
            return List.copyOf(byName.values());
        } catch (SQLException e) {
            throw failure("cannot read the attributes of dataset " + datasetId, e);
        }
    }

    /**
     * The gold class label of each example as an index of {@code classNames} (-1 without one), or null when the dataset
     * has no labels. A stored label that is no longer in the class list fails.
     */
    public int[] labels(long datasetId, List<String> classNames, int examples) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT example, value FROM example_attribute WHERE dataset_id = ? AND name = ?")) {
            s.setLong(1, datasetId);
            s.setString(2, AttributeTable.LABEL);
            int[] labels = null;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (labels == null) {
                        labels = new int[examples];
                        Arrays.fill(labels, -1);
                    }
                    int example = rs.getInt(1);
                    int index = classNames.indexOf(rs.getString(2));
                    if (example >= examples || index <= 0) {
                        throw new XmodalException(ErrorCode.MALFORMED_DATA, "dataset " + datasetId + ": the stored label '"
                                + rs.getString(2) + "' of example " + example + " does not fit the dataset; import the labels again");
                    }
                    labels[example] = index;
                }
            }
            return labels;
        } catch (SQLException e) {
            throw failure("cannot read the labels of dataset " + datasetId, e);
        }
    }

    static XmodalException failure(String what, SQLException e) {
        return new XmodalException(ErrorCode.IO_FAILURE, what + ": " + e.getMessage(), e);
    }
}
