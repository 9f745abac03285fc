package org.xmodal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.xmodal.platform.Schema;

/** The tests' database is secured as a user's is, and its superuser stays within reach of the tests that need it. */
class PostgresResourceTest {

    @Test
    void theApplicationRoleOwnsTheSchemaAndTheSuperuserCanDumpIt() throws Exception {
        Schema.migrate(PostgresResource.database().dataSource());
        try (Connection c = DriverManager.getConnection(PostgresResource.superuserJdbcUrl()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("postgres");
            assertThat(rs.getBoolean(2)).isTrue();
        }
        assertThat(new PostgresResource().start()).containsEntry("quarkus.datasource.username", "xmodal").doesNotContainValue("postgres");
        assertThat(PostgresResource.dump()).contains("CREATE TABLE public.experiment", "ALTER TABLE public.experiment OWNER TO xmodal");
    }
}
