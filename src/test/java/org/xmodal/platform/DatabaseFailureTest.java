package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.transaction.RollbackException;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.xmodal.testing.PostgresResource;

/** Which failures mean "the database cannot serve now" (503, retry) rather than a bug or bad input, wherever they are wrapped. */
class DatabaseFailureTest {

    @Test
    void aRefusedConnectionFromTheDriverIsUnreachableEvenWrappedByHibernateAndTheTransactionManager() throws IOException {
        SQLException refused = refusedConnection();
        assertThat(refused.getSQLState()).startsWith("08");

        JDBCConnectionException hibernate = new JDBCConnectionException("Unable to acquire JDBC Connection", refused);
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(hibernate);
        RuntimeException arc = new RuntimeException(rollback);

        DatabaseFailure failure = DatabaseFailure.in(arc).orElseThrow();
        assertThat(failure.readOnly()).isFalse();
        assertThat(failure.detail()).isEqualTo("the database is unavailable (the connection to it failed); try again shortly")
                .doesNotContain("127.0.0.1");
    }

    @Test
    void anIoFailureOfTheResultStoreCausedByTheDatabaseIsUnavailability() throws IOException {
        XmodalException store = new XmodalException(ErrorCode.IO_FAILURE, "cannot write results: connection lost", refusedConnection());
        assertThat(DatabaseFailure.in(store)).isPresent();
    }

    @Test
    void aReadOnlyTransactionFromTheServerIsReadOnly() {
        PSQLException readOnly = new PSQLException(new ServerErrorMessage(
                "SERROR\0VERROR\0C25006\0Mcannot execute INSERT in a read-only transaction\0"));
        DatabaseFailure failure = DatabaseFailure.in(new IllegalStateException("commit failed", readOnly)).orElseThrow();
        assertThat(failure.readOnly()).isTrue();
        assertThat(failure.detail()).startsWith("the database is read-only (a read-only transaction cannot write)");
    }

    @ParameterizedTest(name = "SQLSTATE {0} → read-only {1}")
    @CsvSource({"08006, false", "08003, false", "08001, false", "57P01, false", "57P02, false", "57P03, false", "53300, false", "25006, true"})
    void postgresStatesThatHealByWaiting(String state, boolean readOnly) {
        Optional<DatabaseFailure> failure = DatabaseFailure.in(new SQLException("server says no", state));
        assertThat(failure).isPresent();
        assertThat(failure.get().readOnly()).isEqualTo(readOnly);
    }

    @ParameterizedTest(name = "SQLSTATE {0} is not an outage")
    @CsvSource({"23505", "23503", "40001", "42P01", "57014", "22001", "28P01"})
    void postgresStatesThatWaitingDoesNotHeal(String state) {
        assertThat(DatabaseFailure.in(new SQLException("server says no", state))).isEmpty();
    }

    @Test
    void theJdbcConnectionExceptionTypesAreUnreachableWithoutAState() {
        assertThat(DatabaseFailure.in(new SQLTransientConnectionException("pool closed"))).isPresent();
        assertThat(DatabaseFailure.in(new SQLNonTransientConnectionException("gone"))).isPresent();
        assertThat(DatabaseFailure.in(new JDBCConnectionException("lost", new SQLException("no state")))).isPresent();
    }

    @Test
    void failuresThatAreNotTheDatabasesAreLeftAlone() {
        assertThat(DatabaseFailure.in(new IllegalStateException("a bug"))).isEmpty();
        assertThat(DatabaseFailure.in(new XmodalException(ErrorCode.IO_FAILURE, "cannot read f", new IOException("disk")))).isEmpty();
        assertThat(DatabaseFailure.in(new SQLException("no state at all"))).isEmpty();
    }

    @Test
    void aCycleOfCausesEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        a.addSuppressed(b);
        assertThat(DatabaseFailure.in(a)).isEmpty();
    }

    @Test
    void agroalsAcquisitionTimeoutIsUnavailability() throws SQLException {
        var db = PostgresResource.database();
        var configuration = new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool -> pool
                .maxSize(1).acquisitionTimeout(Duration.ofMillis(200))
                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                        .principal(new NamePrincipal(db.credentials().user()))
                        .credential(new SimplePassword(db.credentials().password()))));
        try (AgroalDataSource pool = AgroalDataSource.from(configuration); Connection held = pool.getConnection()) {
            SQLException timeout = null;
            try (Connection second = pool.getConnection()) {
                // unreachable: the pool has one connection and it is held
            } catch (SQLException e) {
                timeout = e;
            }
            assertThat((Object) timeout).as("the second connection of a pool of one").isNotNull();
            DatabaseFailure failure = DatabaseFailure.in(timeout).orElseThrow();
            assertThat(failure.detail()).contains("no connection to it became available in time");
        }
    }

    /** What pgjdbc really throws when nothing listens on the port. */
    private static SQLException refusedConnection() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "2");
        try {
            new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/xmodal", properties).close();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("a connection to a closed port succeeded");
    }
}
