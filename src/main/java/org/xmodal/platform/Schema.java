package org.xmodal.platform;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a database to the current schema with the Flyway migrations of {@code migrations/}. */
public final class Schema {
    /** Where the build puts {@code migrations/} on the classpath. */
    public static final String LOCATION = "classpath:db/migration";

    private Schema() {
    }

    /** Applies pending migrations; returns how many ran. Validation fails on edited applied migrations. */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
