package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.infrastructure.datadir.DataDirectory;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The data source class named in the application's {@code @DataSourceDefinition}. An annotation cannot hold
 * a computed URL, so this class computes it: an embedded H2 file database under the
 * {@linkplain DataDirectory data directory}. The container pools the connections it hands out.
 */
public class WharfDataSource implements DataSource {

    private final JdbcDataSource h2 = new JdbcDataSource();

    public WharfDataSource() {
        h2.setURL(jdbcUrl());
        h2.setUser("wharf");
        h2.setPassword("");
    }

    /** The JDBC URL of the embedded database. */
    public static String jdbcUrl() {
        return "jdbc:h2:file:" + DataDirectory.path().resolve("db").resolve("wharf");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return h2.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        // the pool may pass the annotation's user; the embedded DB has exactly one
        return h2.getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return h2.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        h2.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        h2.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return h2.getLoginTimeout();
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
        return h2.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || h2.isWrapperFor(iface);
    }
}
