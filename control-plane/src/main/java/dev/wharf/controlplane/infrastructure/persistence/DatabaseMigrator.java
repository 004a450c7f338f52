package dev.wharf.controlplane.infrastructure.persistence;

import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with the Flyway scripts in {@code db/migration} of this jar. Must run outside
 * a JTA transaction: Flyway commits on its own connection.
 */
public final class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

    private DatabaseMigrator() {
    }

    public static void migrate(DataSource dataSource) {
        // the app server's thread context loader may not see this jar's scripts; ours does
        MigrateResult result = Flyway.configure(DatabaseMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "database schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migrations run now)");
    }
}
