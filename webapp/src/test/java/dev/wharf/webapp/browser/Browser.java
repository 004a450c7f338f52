package dev.wharf.webapp.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven by its chromedriver ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver},
 * installed by scripts/test), with a fresh profile per browser and helpers that wait for PrimeFaces' AJAX.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("wharf.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("wharf.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final URI base;
    private final Path screenshots;

    public Browser(URI base, Path screenshots) throws IOException {
        this.base = base;
        this.screenshots = screenshots;
        Files.createDirectories(screenshots);
        profile = Files.createTempDirectory("wharf-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1440,1000");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(base.resolve(path.startsWith("/") ? path.substring(1) : path).toString());
        waitForAjax();
    }

    public WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /** Clicks once the element is clickable; again if an AJAX update replaced it in between. */
    public void click(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                new WebDriverWait(driver, Duration.ofSeconds(20))
                        .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
                break;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
                waitForAjax();
            }
        }
        waitForAjax();
    }

    public void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Waits until the page has no PrimeFaces/jQuery request in flight. */
    public void waitForAjax() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return document.readyState === 'complete'"
                        + " && (!window.jQuery || jQuery.active === 0)"
                        + " && (!window.PrimeFaces || !PrimeFaces.ajax || PrimeFaces.ajax.Queue.isEmpty());")));
        recordGrowls();
    }

    /**
     * Keeps the text of every growl message the page shows in {@code window.__wharfGrowls}: a growl lives 8 s, and
     * on a loaded machine a test may look only after it faded.
     */
    private void recordGrowls() {
        js("if (!window.__wharfGrowls) { window.__wharfGrowls = [];"
                + " new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {"
                + "   if (n.nodeType !== 1) return;"
                + "   (n.matches('.ui-growl-item-container') ? [n] : n.querySelectorAll('.ui-growl-item-container'))"
                + "     .forEach(e => window.__wharfGrowls.push(e.textContent));"
                + " }))).observe(document.body, {childList: true, subtree: true}); }");
    }

    /** The text of the growl messages shown since the page loaded (or since {@link #forgetGrowls()}). */
    @SuppressWarnings("unchecked")
    public List<String> growls() {
        Object texts = js("return window.__wharfGrowls || [];");
        return texts instanceof List<?> l ? (List<String>) l : List.of();
    }

    public void forgetGrowls() {
        js("if (window.__wharfGrowls) window.__wharfGrowls.length = 0;");
    }

    /** Waits up to {@code seconds} for {@code condition}, failing with {@code what}. */
    public void await(String what, int seconds, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds)).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> condition.get());
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a PNG of the visible page as {@code <screenshots>/<name>.png}. */
    public Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public String cookie(String name) {
        var cookie = driver.manage().getCookieNamed(name);
        return cookie == null ? null : cookie.getValue();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }
}
