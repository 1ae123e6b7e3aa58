package io.cutwatch.dashboard.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real headless Chromium driven by Selenium, for the dashboard's browser tests (here and in
 * the modules whose demos serve a dashboard). Uses Debian's {@code chromium} and
 * {@code chromium-driver} at {@code /usr/bin} (Selenium downloads nothing); when they are missing
 * and the tests run as root with apt-get, installs them first. Where a browser truly cannot
 * start, the test is skipped by a JUnit assumption whose message says why (and the reason is
 * printed), never silently.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final RemoteWebDriver driver;

    private Browser(RemoteWebDriver driver) {
        this.driver = driver;
    }

    /** Starts headless Chromium (1300 x 1400), or skips the calling test with the reason. */
    public static Browser start() {
        ensureInstalled();
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            skip("no browser: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing and could not be installed"
                    + " (apt-get install -y chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1300,1400", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new Browser(new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            skip("headless Chromium could not start: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            throw e;
        }
    }

    private static void skip(String why) {
        System.out.println("BROWSER TEST SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** apt-get install chromium chromium-driver when they are missing and we may (root, apt-get present). */
    private static synchronized void ensureInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get")) || !"root".equals(System.getProperty("user.name"))) {
            return;
        }
        System.out.println("browser tests: installing chromium and chromium-driver with apt-get");
        try {
            if (!apt("install", "-y", "-q", "chromium", "chromium-driver")) {
                apt("update", "-q");
                apt("install", "-y", "-q", "chromium", "chromium-driver");
            }
        } catch (IOException e) {
            System.out.println("browser tests: apt-get failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs apt-get with {@code args} (at most 10 minutes); true when it exited 0. */
    private static boolean apt(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("apt-get"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Waits up to {@code seconds} for {@code condition} to be non-null and non-false; fails the test otherwise. */
    public <T> T until(int seconds, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100)).until(condition);
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Saves a PNG of the page as {@code target/screenshots/name.png} and returns its path. */
    public Path screenshot(String name) {
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path to = dir.resolve(name + ".png");
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
