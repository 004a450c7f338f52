package dev.wharf.controlplane.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Facts about the control plane itself: its version and whether its database answers. */
@ApplicationScoped
public class SystemService {

    private static final Logger LOG = Logger.getLogger(SystemService.class.getName());

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    private final String version = readVersion();

    public String version() {
        return version;
    }

    public boolean databaseAnswers() {
        try {
            em.createNativeQuery("SELECT 1").getSingleResult();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "database health check failed", e);
            return false;
        }
    }

    private static String readVersion() {
        try (InputStream in = SystemService.class.getResourceAsStream("/dev/wharf/controlplane/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
