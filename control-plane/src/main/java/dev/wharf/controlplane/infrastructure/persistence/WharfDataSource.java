package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.infrastructure.datadir.DataDirectory;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The data source class named in the application's {@code @DataSourceDefinition}. An annotation cannot hold
 * a computed URL, so this class computes it from configuration: {@code wharf.db.url}, {@code wharf.db.user},
 * {@code wharf.db.password} (system properties, else the environment variables {@code WHARF_DB_URL},
 * {@code WHARF_DB_USER}, {@code WHARF_DB_PASSWORD}). A {@code jdbc:postgresql:} URL selects PostgreSQL; without
 * a URL it is an embedded H2 file database under the {@linkplain DataDirectory data directory}. The container
 * pools the connections it hands out.
 */
public class WharfDataSource implements DataSource {

    private final DataSource target;

    public WharfDataSource() {
        String url = jdbcUrl();
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(setting("wharf.db.user", "WHARF_DB_USER", "wharf"));
            pg.setPassword(setting("wharf.db.password", "WHARF_DB_PASSWORD", ""));
            target = pg;
        } else if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(setting("wharf.db.user", "WHARF_DB_USER", "wharf"));
            h2.setPassword(setting("wharf.db.password", "WHARF_DB_PASSWORD", ""));
            target = h2;
        } else {
            throw new IllegalStateException("wharf.db.url must be a jdbc:postgresql: or jdbc:h2: URL, not '" + url + "'");
        }
    }

    /** The configured JDBC URL, or the embedded database's. */
    public static String jdbcUrl() {
        return setting("wharf.db.url", "WHARF_DB_URL",
                "jdbc:h2:file:" + DataDirectory.path().resolve("db").resolve("wharf"));
    }

    /** Whether the configured database is PostgreSQL. */
    public static boolean isPostgres() {
        return jdbcUrl().startsWith("jdbc:postgresql:");
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        // the pool may pass the annotation's user; the configured one is used
        return target.getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("dev.wharf.controlplane.persistence");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }
}
