package dev.wharf.webapp;

import dev.wharf.controlplane.application.FirstStartInitializer;
import dev.wharf.controlplane.infrastructure.persistence.DatabaseMigrator;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import javax.sql.DataSource;

/**
 * Runs once when the application is deployed: migrates the schema, then creates the first admin and the join
 * token if there are none. Bean-managed transactions, because Flyway commits on its own connection and must
 * not run inside a JTA transaction.
 *
 * <p>The data source computes its URL from {@code wharf.data.dir} (see {@code WharfDataSource}).
 */
@DataSourceDefinition(
        name = ControlPlaneStartup.DATA_SOURCE,
        className = "dev.wharf.controlplane.infrastructure.persistence.WharfDataSource",
        minPoolSize = 1,
        initialPoolSize = 1,
        maxPoolSize = 32)
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class ControlPlaneStartup {

    public static final String DATA_SOURCE = "java:app/jdbc/wharf";

    @Resource(lookup = DATA_SOURCE)
    DataSource dataSource;

    @Inject
    FirstStartInitializer firstStart;

    @PostConstruct
    void start() {
        DatabaseMigrator.migrate(dataSource);
        firstStart.run();
    }
}
