package dev.wharf.daemon;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** {@code java -jar wharf-daemon.jar --data-root DIR --exec-root DIR -H unix:///run/wharf/docker.sock}. */
public final class DaemonMain {
    private DaemonMain() {
    }

    public static void main(String[] args) {
        DaemonConfig config;
        try {
            config = DaemonConfig.parse(args);
        } catch (DaemonConfig.UsageException e) {
            PrintStream out = e.getMessage() == null ? System.out : System.err;
            if (e.getMessage() != null) {
                out.println("wharf-daemon: " + e.getMessage());
            }
            out.print(DaemonConfig.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        } catch (Exception e) {
            System.err.println("wharf-daemon: " + e.getMessage());
            System.exit(2);
            return;
        }
        configureLogging(config.logLevel());
        Daemon daemon = new Daemon(config);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and SIGINT stop serving and leave containers running (live restore); exit 0 like dockerd
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable shutdown = () -> {
            if (closing.compareAndSet(false, true)) {
                daemon.close();
                stopped.countDown();
            }
        };
        for (String sig : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> new Thread(() -> {
                shutdown.run();
                System.exit(0);
            }, "shutdown-" + sig).start());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "shutdown"));
        try {
            daemon.start();
        } catch (Exception e) {
            Logger.getLogger(DaemonMain.class.getName()).log(Level.SEVERE, "cannot start: " + e.getMessage(), e);
            System.err.println("wharf-daemon: cannot start: " + e.getMessage());
            System.exit(1);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void configureLogging(String level) {
        LogManager.getLogManager().reset();
        Level l = switch (level.toLowerCase()) {
            case "debug" -> Level.FINE;
            case "warn", "warning" -> Level.WARNING;
            case "error", "fatal" -> Level.SEVERE;
            default -> Level.INFO;
        };
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(l);
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                String thrown = "";
                if (r.getThrown() != null) {
                    var sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    thrown = "\n" + sw;
                }
                String logger = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
                return Instant.ofEpochMilli(r.getMillis()) + " " + r.getLevel().getName().toLowerCase() + " [" + logger + "] " + msg + thrown + "\n";
            }
        });
        Logger root = Logger.getLogger("");
        root.addHandler(h);
        root.setLevel(l);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
    }
}
