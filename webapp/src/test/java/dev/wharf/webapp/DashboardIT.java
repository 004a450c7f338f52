package dev.wharf.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.webapp.browser.Browser;
import dev.wharf.testsupport.Fixtures;
import dev.wharf.testsupport.RegistryServer;
import dev.wharf.webapp.browser.PayaraProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (Debian's headless chromium) against the real WAR on Payara Micro: sign in,
 * the overview, the theme, creating a container from the dialog, bulk actions with confirmation, the detail
 * view, hosts and the join command, networks, images, the audit log and its CSV, users, XSS, and what a viewer
 * may not do. The host is a real daemon (the packaged jar, joined with the join token) pulling from Debian's
 * docker-registry loaded with the test fixtures: containers, logs, the console and pulls are real.
 * One Payara boot for the class; the tests build on each other in order, like a user's session.
 * A screenshot of every page lands in {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String CONTAINER = "web-" + RUN;
    /** A /16 pool of this run's own, so runs against a long-lived server never overlap. */
    static final String POOL = "10." + (100 + Math.floorMod(RUN.hashCode(), 150)) + ".0.0";
    static final String XSS_LABEL = "<script>window.__wharfXss=1</script>";
    static final String XSS_LOG = "<script>window.__wharfXss=2</script> was logged";
    /** A host port of this run's own, so parallel runs do not collide. */
    static final int HOST_PORT = 20000 + Math.floorMod(RUN.hashCode(), 20000);
    /** State changes go through the control plane, the daemon's heartbeat and runc on a loaded machine. */
    static final int STATE_WAIT = 60;
    static String IMAGE;
    /** busybox httpd serving /etc, a greeting, a log line with markup, then a numbered line every second. */
    static final String SCRIPT = "httpd -f -p 80 -h /etc & echo hello from " + CONTAINER + "; echo '" + XSS_LOG
            + "'; i=0; while true; do echo line-$i; i=$((i+1)); sleep 1; done";
    /** As typed into the dialog (its command field splits like a shell). */
    static final String COMMAND = "sh -c \"" + SCRIPT + "\"";

    static PayaraProcess payara;
    static Api api;
    static RegistryServer registry;
    static Fixtures.Pushed images;
    static RealDaemon host;
    static Browser admin;
    static String adminPassword;
    static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        payara = PayaraProcess.start(Path.of(System.getProperty("wharf.ui.workDir", "target/ui")));
        api = new Api(payara.base());
        Properties credentials = WharfFixtures.adminCredentials(payara.dataDir());
        adminPassword = credentials.getProperty("WHARF_ADMIN_PASSWORD");
        adminToken = WharfFixtures.login(api, "admin", adminPassword);
        registry = RegistryServer.start();
        images = Fixtures.pushAll(registry);
        IMAGE = registry.address() + "/" + Fixtures.BUSYBOX_REPO;
        host = RealDaemon.start(RUN, payara.base().toString().replaceAll("/$", ""),
                WharfFixtures.joinToken(payara.dataDir()), registry.address(), "ui-host-" + RUN,
                Map.of("zone", "a", "disk", "ssd"));
        admin = new Browser(payara.base(), Path.of(System.getProperty("wharf.screenshots", "target/screenshots")));
    }

    /** On a failure: a screenshot and the page source, next to the other screenshots. */
    @RegisterExtension
    static final AfterTestExecutionCallback ON_FAILURE = context -> {
        if (context.getExecutionException().isPresent() && admin != null) {
            String name = "failed-" + context.getRequiredTestMethod().getName();
            admin.screenshot(name);
            java.nio.file.Files.writeString(Path.of(System.getProperty("wharf.screenshots", "target/screenshots"))
                    .resolve(name + ".html"), admin.driver().getPageSource());
        }
    };

    @AfterAll
    static void stop() throws Exception {
        try (RegistryServer r = registry; RealDaemon h = host; PayaraProcess p = payara; Browser b = admin) {
            // closed in reverse order: browser, server (so nothing re-creates what the daemon removes), daemon with
            // its containers, bridge and nft table, registry
        }
    }

    /** A CSS selector for a JSF client id such as {@code list:table}. */
    static String id(String clientId) {
        return "#" + clientId.replace(":", "\\:");
    }

    static void signIn(Browser browser, String user, String password) {
        browser.open("/app/overview.xhtml");
        assertTrue(browser.driver().getCurrentUrl().contains("/login.xhtml"), browser.driver().getCurrentUrl());
        browser.type(id("login:username"), user);
        browser.type(id("login:password"), password);
        browser.click(id("login:submit"));
        browser.await("overview after sign-in", 30, () -> browser.driver().getCurrentUrl().contains("/app/overview"));
    }

    /** Waits for a growl message containing {@code expected}; returns all growl text. */
    static String growl(Browser browser, String expected) {
        String[] text = {""};
        try {
            // generous: on a loaded 2-core CI machine an AJAX round trip through Payara can take many seconds
            browser.await("a growl message with '" + expected + "'", 60, () -> {
                List<String> shown = new java.util.ArrayList<>(browser.growls()); // also those that faded already
                browser.all(".ui-growl-item").forEach(e -> shown.add(e.getText()));
                text[0] = String.join("\n", shown);
                return text[0].contains(expected);
            });
        } catch (RuntimeException e) {
            throw new AssertionError("expected a growl message with '" + expected + "' but the growl showed: '" + text[0] + "'", e);
        }
        return text[0];
    }

    static void clearGrowl(Browser browser) {
        browser.js("document.querySelectorAll('.ui-growl-item-container').forEach(e => e.remove())");
        browser.forgetGrowls();
    }

    /** Filters the containers table to this run's container and returns its first row's text. */
    static String containerRow(Browser browser) {
        browser.open("/app/containers.xhtml");
        WebElement filter = browser.find(id("list:table") + " .ui-column-filter"); // the Name column's
        filter.clear();
        filter.sendKeys(CONTAINER);
        browser.await("table filtered to " + CONTAINER, 15, () -> {
            var rows = browser.all(id("list:table_data") + " > tr");
            return rows.size() == 1 && rows.get(0).getText().contains(CONTAINER);
        });
        browser.waitForAjax();
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.find(id("list:table_data") + " > tr").getText();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
                browser.waitForAjax();
            }
        }
    }

    static String stateWhenItBecomes(Browser browser, String expected, int seconds) {
        String[] last = {null};
        browser.await("state " + expected, seconds, () -> {
            String row = containerRow(browser);
            last[0] = row;
            return row.contains(expected);
        });
        return last[0];
    }

    @Test
    @Order(10)
    void signInAndSeeTheOverview() {
        admin.open("/");
        admin.find(id("login:username"));
        admin.screenshot("01-login");
        signIn(admin, "admin", adminPassword);
        assertEquals("admin", admin.find(id("nav:user")).getText());
        admin.await("the simulated host counted as ready", 20,
                () -> Integer.parseInt(admin.find(id("overview:hosts-ready")).getText()) >= 1);
        assertTrue(admin.present(id("overview:host-chart") + " canvas"), "hosts chart");
        admin.screenshot("02-overview");
    }

    @Test
    @Order(20)
    void theDarkThemeIsRememberedAcrossPages() {
        admin.open("/app/overview.xhtml");
        assertTrue(admin.find("body").getAttribute("class").contains("wharf-light"));
        admin.click("#theme-toggle");
        assertTrue(admin.find("body").getAttribute("class").contains("wharf-dark"));
        admin.open("/app/hosts.xhtml");
        assertTrue(admin.find("body").getAttribute("class").contains("wharf-dark"), "rendered dark by the server");
        assertEquals("dark", admin.cookie("wharf-theme"));
        admin.open("/app/overview.xhtml");
        admin.screenshot("03-overview-dark");
        admin.click("#theme-toggle");
        admin.open("/app/overview.xhtml");
        assertTrue(admin.find("body").getAttribute("class").contains("wharf-light"));
    }

    @Test
    @Order(30)
    void createAContainerFromTheDialogAndSeeItPendingThenOnItsHost() {
        admin.open("/app/containers.xhtml");
        admin.click(id("list:new"));
        admin.find(id("create:image")).sendKeys(IMAGE);
        admin.find(id("create:name")).sendKeys(CONTAINER);
        admin.find(id("create:command")).sendKeys(COMMAND);
        admin.find(id("create:env")).sendKeys("GREETING=hi");
        admin.find(id("create:labels")).sendKeys("xss=" + XSS_LABEL);
        admin.find(id("create:ports")).sendKeys(HOST_PORT + ":80/tcp");
        admin.find(id("create:volumes")).sendKeys("data-" + RUN + ":/data");
        admin.find(id("create:memory")).sendKeys("64m");
        admin.find(id("create:cpus")).sendKeys("0.5");
        admin.screenshot("05-create-dialog");
        admin.click(id("create:submit"));
        growl(admin, "Created container '" + CONTAINER + "'");
        clearGrowl(admin);

        String row = containerRow(admin);
        // a real host may already have applied the create when the table shows it
        assertTrue(row.contains("pending") || row.contains("created"), row);
        assertTrue(row.contains(IMAGE), row);
        assertTrue(row.contains("ui-host-" + RUN), row);
        assertTrue(row.contains(HOST_PORT + ":80/tcp"), row);
        // the label is shown as text, never run as markup
        assertTrue(row.contains("xss=" + XSS_LABEL), row);
        assertNull(admin.js("return window.__wharfXss === undefined ? null : window.__wharfXss"));
        admin.screenshot("04-containers");

        assertTrue(stateWhenItBecomes(admin, "created", STATE_WAIT).contains("created"));
        assertEquals("created", host.docker("inspect", "-f", "{{.State.Status}}", CONTAINER).out().trim(),
                "the container exists on the host");
        assertEquals("volume data-" + RUN + " /data", host.docker("inspect", "-f",
                "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}}{{end}}", CONTAINER).out().trim(),
                "the dialog's named volume, created on the host");
    }

    @Test
    @Order(40)
    void theCreateDialogNamesEveryBadField() {
        admin.open("/app/containers.xhtml");
        admin.click(id("list:new"));
        admin.click(id("create:submit"));
        admin.await("required image message", 10,
                () -> admin.find(id("create:create-messages")).getText().contains("image: enter an image"));
        admin.find(id("create:image")).sendKeys("Not A Valid::Image");
        admin.find(id("create:ports")).sendKeys("eighty");
        admin.find(id("create:env")).sendKeys("NOEQUALS");
        admin.click(id("create:submit"));
        admin.await("field messages", 10, () -> admin.find(id("create:create-messages")).getText().contains("ports"));
        String messages = admin.find(id("create:create-messages")).getText();
        assertTrue(messages.contains("ports: 'eighty' is not"), messages);
        assertTrue(messages.contains("env: 'NOEQUALS' is not NAME=value"), messages);
        admin.find(id("create:ports")).clear();
        admin.find(id("create:env")).clear();
        admin.click(id("create:submit"));
        admin.await("the control plane's image message", 10,
                () -> admin.find(id("create:create-messages")).getText().contains("image"));
        assertTrue(admin.find(id("create-dialog")).isDisplayed(), "the dialog stays open on errors");
        admin.screenshot("06-create-validation");
        assertFalse(api.get("/api/v1/containers?limit=500", adminToken).expect(200).body().contains("Not A Valid"));
    }

    @Test
    @Order(50)
    void startFromTheTableWithConfirmation() {
        containerRow(admin);
        admin.click(id("list:table_data") + " > tr .ui-chkbox-box");
        admin.click(id("list:bulk-start"));
        admin.click(".ui-confirm-dialog .ui-confirmdialog-yes");
        growl(admin, "Start requested for 1 of 1 container(s)");
        clearGrowl(admin);
        String running = stateWhenItBecomes(admin, "running", STATE_WAIT);
        String ip = host.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", CONTAINER).out().trim();
        assertTrue(ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), "the container's address on its host: " + ip);
        if (!running.contains(ip)) { // the heartbeat carrying the address may follow the one that said running
            running = stateWhenItBecomes(admin, ip, STATE_WAIT);
        }
        assertTrue(running.contains(ip), "the address the host reported: " + running);
        assertTrue(host.docker("ps", "--format", "{{.Names}}").out().lines().anyMatch(CONTAINER::equals),
                "running on the host");
    }

    @Test
    @Order(60)
    void theDetailViewShowsSpecAndObservedState() {
        containerRow(admin);
        admin.click(id("list:table_data") + " > tr a.wharf-name");
        admin.await("detail page", 15, () -> admin.driver().getCurrentUrl().contains("/app/container.xhtml"));
        assertEquals(CONTAINER, admin.find(id("detail:name")).getText());
        admin.click("a[href='#detail\\:tabs\\:inspect-tab']");
        String inspect = admin.find("#inspect").getText();
        assertTrue(inspect.contains("sh -c " + SCRIPT), inspect);
        assertTrue(inspect.contains("GREETING=hi"), inspect);
        assertTrue(inspect.contains("cpus 0.5; memory 64.0 MiB"), inspect);
        assertTrue(inspect.contains("xss=" + XSS_LABEL), inspect);
        assertTrue(inspect.contains("running (generation"), inspect);
        assertNull(admin.js("return window.__wharfXss === undefined ? null : window.__wharfXss"));
        admin.click(id("detail:tabs:host-inspect"));
        String pid = host.docker("inspect", "-f", "{{.State.Pid}}", CONTAINER).out().trim();
        admin.await("the host's inspect document", STATE_WAIT,
                () -> admin.find(id("detail:tabs:host-inspect-json")).getText().contains("\"Pid\" : " + pid));
        assertTrue(admin.find(id("detail:tabs:host-inspect-json")).getText().contains(XSS_LABEL), "labels as text");
        assertNull(admin.js("return window.__wharfXss === undefined ? null : window.__wharfXss"));
        admin.screenshot("07-container-detail");
        admin.click("a[href='#detail\\:tabs\\:stats-tab']");
        admin.click(id("detail:tabs:stats-load"));
        admin.await("a stats sample", STATE_WAIT, () -> admin.find(id("detail:tabs:stats")).getText().contains("CPU"));
        String stats = admin.find(id("detail:tabs:stats")).getText();
        assertTrue(stats.contains(" %") && stats.matches("(?s).*\\d+\\.\\d [KMG]iB of \\d+\\.\\d [KMG]iB.*")
                && stats.contains(" in, "), stats);
    }

    @Test
    @Order(70)
    void followTheLogsSearchThemAndSeeANewLineArrive() throws Exception {
        String containerId = containerId();
        admin.open("/app/container.xhtml?id=" + containerId);
        admin.await("the log so far", STATE_WAIT, () -> admin.find("#log-view").getText().contains("line-1"));
        assertTrue(admin.find("#log-follow").isSelected(), "follow is on by default");
        String log = admin.find("#log-view").getText();
        assertTrue(log.contains("hello from " + CONTAINER), log);
        // a real container's output with markup in it: shown as text, never run
        assertTrue(log.contains(XSS_LOG), log);
        assertNull(admin.js("return window.__wharfXss === undefined ? null : window.__wharfXss"));

        // the container prints line-N every second: a line not yet on the page must arrive while following
        int last = log.lines().filter(l -> l.trim().matches("line-\\d+"))
                .mapToInt(l -> Integer.parseInt(l.trim().substring(5))).max().orElseThrow();
        String newLine = "line-" + (last + 2);
        admin.await("the new line " + newLine + ", pushed while following", STATE_WAIT,
                () -> admin.find("#log-view").getText().lines().anyMatch(l -> l.trim().equals(newLine)));
        admin.find("#log-search").sendKeys("hello from");
        assertEquals(1L, admin.js("return document.querySelectorAll('#log-view mark').length"));
        admin.click("#log-only");
        assertEquals("hello from " + CONTAINER, admin.find("#log-view").getText().trim());
        admin.screenshot("15-logs");
        admin.click("#log-only");

        HttpResponse<String> download = getWithSession(admin,
                "/" + admin.find("#log-download").getAttribute("href").replaceFirst("^https?://[^/]+/", ""));
        assertEquals(200, download.statusCode());
        assertTrue(download.headers().firstValue("Content-Disposition").orElse("").contains(CONTAINER + ".log"));
        assertTrue(download.body().contains("hello from " + CONTAINER + "\n"), download.body());
        assertTrue(download.body().contains(newLine + "\n"), download.body());
    }

    @Test
    @Order(80)
    void runEchoHiInTheConsole() {
        admin.open("/app/container.xhtml?id=" + containerId());
        admin.click("a[href='#detail\\:tabs\\:console-tab']");
        admin.click(id("detail:tabs:console-open"));
        admin.await("the shell prompt", STATE_WAIT, () -> admin.find("#console-term .xterm-rows").getText().contains("/ #"));
        typeInConsole("echo hi");
        admin.await("the command's output", STATE_WAIT, () -> admin.find("#console-term .xterm-rows").getText()
                .matches("(?s).*echo hi\\s*\\n\\s*hi\\s*\\n.*"));
        admin.screenshot("16-console");
        typeInConsole("exit");
        admin.await("the exit shown", STATE_WAIT, () -> admin.find("#console-status").getText().contains("exited with code 0"));
    }

    @Test
    @Order(90)
    void stopFromTheTableWithConfirmation() {
        containerRow(admin);
        admin.click(id("list:table_data") + " > tr .ui-chkbox-box");
        admin.click(id("list:bulk-stop"));
        admin.click(".ui-confirm-dialog .ui-confirmdialog-yes");
        growl(admin, "Stop requested for 1 of 1 container(s)");
        clearGrowl(admin);
        // sh as PID 1 ignores SIGTERM: the host kills it after the grace period
        assertTrue(stateWhenItBecomes(admin, "exited", STATE_WAIT + 30).contains("exited (137)"));
        assertEquals("exited", host.docker("inspect", "-f", "{{.State.Status}}", CONTAINER).out().trim());
    }

    @Test
    @Order(100)
    void pullAnImageAndWatchEachLayer() {
        admin.open("/app/images.xhtml");
        admin.click(id("images:pull"));
        admin.find(id("pull-form:image")).sendKeys(registry.address() + "/" + Fixtures.MULTILAYER_REPO);
        admin.click(id("pull-form:submit"));
        // every layer of the image gets a progress row (named by its digest's first 12 hex, as docker pull does)
        List<String> layers = images.multilayer().layerDigests().stream().map(d -> d.encoded().substring(0, 12)).toList();
        admin.await("per-layer progress", STATE_WAIT, () -> {
            String text = admin.find(id("pull-form:progress")).getText();
            return layers.stream().allMatch(text::contains);
        });
        assertTrue(admin.find(id("pull-form:progress")).getText().contains("ui-host-" + RUN));
        admin.screenshot("17-pull-progress");
        admin.await("the pull done", STATE_WAIT, () -> admin.find(id("pull-form:pull-state")).getText().equals("succeeded"));
        assertTrue(admin.find(id("pull-form:progress")).getText().contains("Pull complete"));
        assertTrue(host.docker("image", "inspect", registry.address() + "/" + Fixtures.MULTILAYER_REPO).exitCode() == 0,
                "the image is on the host");
    }

    @Test
    @Order(110)
    void cordonAndLabelAHost() {
        admin.open("/app/hosts.xhtml");
        hostAction("cordon");
        growl(admin, "Cordoned 'ui-host-" + RUN + "'");
        clearGrowl(admin);
        admin.await("cordoned shown", 10, () -> admin.find(id("hosts:table")).getText().contains("cordoned"));
        hostAction("uncordon");
        growl(admin, "takes new containers again");
        clearGrowl(admin);
        hostAction("labels");
        admin.find(id("labels-form:text")).sendKeys("rack=r7");
        admin.click(id("labels-form:save"));
        growl(admin, "Labels of 'ui-host-" + RUN + "' saved");
        clearGrowl(admin);
        admin.await("the new label", 10, () -> admin.find(id("hosts:table")).getText().contains("rack=r7"));
    }

    @Test
    @Order(120)
    void hostsShowCapacityLabelsAndTheJoinCommand() {
        admin.open("/app/hosts.xhtml");
        String table = admin.find(id("hosts:table")).getText();
        assertTrue(table.contains("ui-host-" + RUN), table);
        assertTrue(table.contains("zone=a"), table);
        int cpus = Runtime.getRuntime().availableProcessors();
        assertTrue(table.contains(cpus + " CPU"), "the host's CPUs (" + cpus + "): " + table);
        assertTrue(table.matches("(?s).*\\d+\\.\\d [KMG]iB / \\d+\\.\\d GiB.*"), "the host's memory: " + table);
        admin.screenshot("08-hosts");
        admin.click(id("hosts:join"));
        String command = admin.find(id("join-form:command")).getText();
        assertEquals("java -jar wharf-daemon.jar --data-root /var/lib/wharf --exec-root /run/wharf"
                + " -H unix:///run/wharf/docker.sock --control-plane "
                + payara.base().toString().replaceAll("/$", "")
                + " --join-token " + WharfFixtures.joinToken(payara.dataDir()), command);
        admin.screenshot("09-join-dialog");
    }

    @Test
    @Order(130)
    void networksAreCreatedFromTheDialogWithClearErrors() {
        admin.open("/app/networks.xhtml");
        admin.click(id("networks:new"));
        admin.find(id("create:name")).sendKeys("apps-" + RUN);
        admin.find(id("create:cidr")).sendKeys(POOL.replace(".0.0", ".0.1") + "/16");
        admin.click(id("create:submit"));
        admin.await("CIDR error", 10, () -> admin.find(id("create:messages")).getText().contains("host bits"));
        admin.find(id("create:cidr")).clear();
        admin.find(id("create:cidr")).sendKeys(POOL + "/16");
        admin.click(id("create:submit"));
        growl(admin, "Created network 'apps-" + RUN + "'");
        clearGrowl(admin);
        admin.open("/app/networks.xhtml");
        String table = admin.find(id("networks:table")).getText();
        assertTrue(table.contains("apps-" + RUN) && table.contains(POOL + "/16"), table);
        admin.all(id("networks:table_data") + " > tr").stream().filter(r -> r.getText().startsWith("apps-" + RUN))
                .findFirst().orElseThrow().findElement(org.openqa.selenium.By.cssSelector(".ui-row-toggler")).click();
        admin.waitForAjax();
        admin.await("this host's subnet of the pool", 10, () -> admin.find(id("networks:table")).getText()
                .matches("(?s).*ui-host-" + RUN + "\\s+" + POOL.replace(".0.0", "").replace(".", "\\.")
                        + "\\.\\d+\\.0/24.*"));
        admin.screenshot("10-networks");
    }

    @Test
    @Order(140)
    void imagesShowWhichHostHoldsThem() {
        admin.open("/app/images.xhtml");
        String table = admin.find(id("images:table")).getText();
        assertTrue(table.contains(images.multilayer().imageId().encoded().substring(0, 12))
                || table.contains(Fixtures.MULTILAYER_REPO), table);
        assertTrue(table.contains("ui-host-" + RUN), table);
        admin.screenshot("11-images");
    }

    @Test
    @Order(150)
    void theAuditLogListsDashboardActionsAndExportsCsv() throws Exception {
        admin.open("/app/events.xhtml");
        admin.find(id("events:action")).sendKeys("create container");
        admin.click(id("events:apply"));
        admin.await("the create in the audit log", 10,
                () -> admin.find(id("events:table")).getText().contains("UI create container"));
        String table = admin.find(id("events:table")).getText();
        assertTrue(table.contains(CONTAINER), table);
        assertFalse(table.contains("UI stop container"), "filtered to creates: " + table);
        admin.screenshot("12-events");

        HttpResponse<String> csv = getWithSession(admin, "/app/events.csv?action=container&actor=admin");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("time,actor,action,target,result,source\r\n"), csv.body());
        assertTrue(csv.body().contains(",admin,UI create container," + CONTAINER + ",200,"), csv.body());
        assertTrue(csv.body().contains(",admin,UI stop container," + CONTAINER + ",200,"), csv.body());
    }

    @Test
    @Order(160)
    void anAdminCreatesAViewer() {
        admin.open("/app/users.xhtml");
        admin.click(id("users:new"));
        admin.find(id("create:username")).sendKeys("viewer-" + RUN);
        admin.find(id("create:password")).sendKeys("short");
        admin.click(id("create:submit"));
        admin.await("password rule", 10,
                () -> admin.find(id("create:messages")).getText().contains("at least 12 characters"));
        admin.find(id("create:password")).clear();
        admin.find(id("create:password")).sendKeys("viewer-password-" + RUN);
        admin.js("PF('roleMenu').selectValue('viewer')");
        admin.click(id("create:submit"));
        admin.await("the new user in the table", 15, () -> admin.find(id("users:table")).getText()
                .contains("viewer-" + RUN));
        assertTrue(admin.find(id("users:table")).getText().matches("(?s).*viewer-" + RUN + "\\s+viewer.*"));
        admin.screenshot("13-users");

        admin.click(id("users:new-token"));
        admin.find(id("token:name")).sendKeys("ci-" + RUN);
        admin.click(id("token:submit"));
        String value = admin.find(id("token:value")).getText();
        assertEquals(200, api.get("/api/v1/hosts", value).status(), "the new token works on the API");
        admin.open("/app/users.xhtml");
        assertTrue(admin.find(id("users:tokens")).getText().contains("ci-" + RUN));
        assertFalse(admin.driver().getPageSource().contains(value), "the token value is shown only once");
    }

    @Test
    @Order(165)
    void aServiceIsCreatedScaledAndShowsItsReplicas() {
        admin.open("/app/services.xhtml");
        admin.click(id("services:new"));
        admin.find(id("create:name")).sendKeys("svc-" + RUN);
        admin.find(id("create:image")).sendKeys(IMAGE);
        admin.find(id("create:replicas") + "_input").sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "2");
        admin.find(id("create:command")).sendKeys("sleep 100000");
        admin.click(id("create:submit"));
        growl(admin, "Created service 'svc-" + RUN + "'");
        clearGrowl(admin);
        admin.await("both replicas running on the host", STATE_WAIT, () -> {
            admin.click(id("services:refresh"));
            return serviceRow().contains("2 / 2 running");
        });
        assertEquals(2, host.docker("ps", "--format", "{{.Names}}").out().lines()
                .filter(l -> l.startsWith("svc-" + RUN + ".")).count(), "two replicas run on the host");
        admin.screenshot("18-services");

        rowAction("services:table", "svc-" + RUN, "scale");
        admin.find(id("scale-form:to") + "_input").sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "1");
        admin.click(id("scale-form:save"));
        growl(admin, "Scaling 'svc-" + RUN + "' to 1");
        clearGrowl(admin);
        admin.await("one replica left", STATE_WAIT, () -> {
            admin.click(id("services:refresh"));
            return serviceRow().contains("1 / 1 running");
        });
    }

    /** This run's service row in the services table. */
    static String serviceRow() {
        return admin.all(id("services:table_data") + " > tr").stream().map(WebElement::getText)
                .filter(t -> t.startsWith("svc-" + RUN)).findFirst().orElse("");
    }

    @Test
    @Order(170)
    void aViewerSeesNoMutatingActionAndTheServerRefusesAForgedOne() throws Exception {
        try (Browser viewer = new Browser(payara.base(), Path.of(System.getProperty("wharf.screenshots",
                "target/screenshots")))) {
            signIn(viewer, "viewer-" + RUN, "viewer-password-" + RUN);
            assertEquals("viewer", viewer.find(id("nav:role")).getText());
            assertFalse(viewer.present(id("nav:m-events")) || viewer.present(id("nav:m-users")));
            String row = containerRow(viewer);
            assertTrue(row.contains("exited"), row);
            for (String action : new String[] {"list:new", "list:bulk-start", "list:bulk-stop", "list:bulk-remove"}) {
                assertFalse(viewer.present(id(action)), action + " is shown to a viewer");
            }
            assertFalse(viewer.present(id("list:table") + " .ui-chkbox-box"), "selection boxes");
            assertFalse(viewer.present(id("list:table_data") + " button"), "row actions");
            viewer.screenshot("14-viewer-containers");

            // forge the bulk-start postback a changer's page would send: the server must not act on it
            viewer.js("PrimeFaces.ab({s: 'list:bulk-start', f: 'list', p: 'list:bulk-start list:table',"
                    + " u: 'list:table'});");
            viewer.waitForAjax();
            Thread.sleep(2000);
            String desired = api.get("/api/v1/containers/" + CONTAINER, adminToken).expect(200).json()
                    .get("desiredState").asText();
            assertEquals("stopped", desired);

            viewer.open("/app/container.xhtml?id=" + containerId());
            assertFalse(viewer.present(id("detail:tabs:console-open")), "console for a viewer");
            assertFalse(viewer.present(id("detail:stop")), "stop for a viewer");

            viewer.open("/app/events.xhtml");
            assertTrue(viewer.find("#not-allowed").getText().contains("Only admins"));
            assertFalse(viewer.present(id("events:table")));
            assertEquals(403, getWithSession(viewer, "/app/events.csv").statusCode());
            viewer.open("/app/hosts.xhtml");
            assertFalse(viewer.present(id("hosts:join")));
            viewer.open("/app/services.xhtml");
            assertTrue(viewer.find(id("services:table")).getText().contains("svc-" + RUN));
            assertFalse(viewer.present(id("services:new")) || viewer.present(id("services:table_data") + " button[id$=':scale']"),
                    "service actions for a viewer");
        }
    }

    @Test
    @Order(175)
    void removingAServiceRemovesItsReplicas() {
        admin.open("/app/services.xhtml");
        rowAction("services:table", "svc-" + RUN, "remove");
        admin.click(".ui-confirm-dialog .ui-confirmdialog-yes");
        growl(admin, "Removed service 'svc-" + RUN + "'");
        clearGrowl(admin);
        admin.await("the replicas gone from the host", STATE_WAIT, () -> host.docker("ps", "-a", "--format", "{{.Names}}")
                .out().lines().noneMatch(l -> l.startsWith("svc-" + RUN)));
        admin.open("/app/services.xhtml");
        assertFalse(admin.find(id("services:table")).getText().contains("svc-" + RUN));
    }

    @Test
    @Order(180)
    void removeWithConfirmationAndTheRowGoes() {
        containerRow(admin);
        admin.click(id("list:table_data") + " > tr .ui-chkbox-box");
        admin.click(id("list:bulk-remove"));
        admin.click(".ui-confirm-dialog .ui-confirmdialog-yes");
        growl(admin, "Remove requested for 1 of 1 container(s)");
        clearGrowl(admin);
        admin.await("the container gone once its host removed it", 30, () -> {
            admin.open("/app/containers.xhtml");
            WebElement filter = admin.find(id("list:table") + " .ui-column-filter");
            filter.sendKeys(CONTAINER);
            admin.await("filtered", 10, () -> admin.find(id("list:table_data")).getText().contains("No container")
                    || admin.find(id("list:table_data")).getText().contains(CONTAINER));
            return admin.find(id("list:table_data")).getText().contains("No container matches.");
        });
    }

    /** Clicks an action button in this run's host's row of the hosts table. */
    static void hostAction(String action) {
        rowAction("hosts:table", "ui-host-" + RUN, action);
    }

    /** Clicks the {@code action} button in the row of {@code table} whose text starts with {@code rowStart}. */
    static void rowAction(String table, String rowStart, String action) {
        WebElement row = admin.all(id(table + "_data") + " > tr").stream()
                .filter(r -> r.getText().startsWith(rowStart)).findFirst().orElseThrow();
        row.findElement(org.openqa.selenium.By.cssSelector("button[id$=':" + action + "']")).click();
        admin.waitForAjax();
    }

    /** Types a line into xterm.js as a user would: focus the terminal, type, Enter. */
    static void typeInConsole(String line) {
        admin.find("#console-term .xterm-screen").click();
        new org.openqa.selenium.interactions.Actions(admin.driver()).sendKeys(line, org.openqa.selenium.Keys.ENTER).perform();
    }

    static String containerId() {
        return api.get("/api/v1/containers/" + CONTAINER, adminToken).expect(200).json().get("id").asText();
    }

    /** GETs a dashboard URL with the browser's session cookie. */
    static HttpResponse<String> getWithSession(Browser browser, String path) throws Exception {
        URI uri = payara.base().resolve(path.substring(1));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Cookie", "JSESSIONID=" + browser.cookie("JSESSIONID")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
