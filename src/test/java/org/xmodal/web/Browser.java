package org.xmodal.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xmodal.testing.Demo;

/** Debian's headless Chromium driven through its chromedriver; screenshots go to target/screenshots. */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("xmodal.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("xmodal.chromedriver", "/usr/bin/chromedriver"));
    public final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test, saying what is missing, where Chromium or its driver is not installed. */
    public static Browser start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER
                        + "): apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** Opens a page of the web UI at {@code root} and waits until it has rendered ({@code main[data-ready]}). */
    public void go(java.net.URL root, String hash, Duration timeout) {
        driver.get(root + hash);
        await(timeout).until(d -> "true".equals(d.findElement(org.openqa.selenium.By.id("main")).getAttribute("data-ready")));
    }

    public WebDriverWait await(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    void screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Demo.root().resolve("target/screenshots"));
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
