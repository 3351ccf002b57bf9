package io.backupalarm.examples.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through chromedriver, both from the machine (Debian's
 * {@code chromium} and {@code chromium-driver}; {@code scripts/test} installs them), never
 * downloaded. Waits are explicit and generous: they only bound a hang.
 */
final class Browser implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    final ChromeDriver driver;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** The browser and driver executables, if the machine has both. */
    static Optional<File[]> locate() {
        Optional<File> browser = Optional.ofNullable(System.getenv("CHROME_BIN")).map(File::new).filter(File::canExecute)
                .or(() -> BROWSERS.stream().map(Browser::onPath).flatMap(Optional::stream).findFirst());
        Optional<File> driver = Optional.ofNullable(System.getenv("CHROMEDRIVER")).map(File::new).filter(File::canExecute)
                .or(() -> onPath("chromedriver"));
        return browser.isPresent() && driver.isPresent()
                ? Optional.of(new File[] {browser.get(), driver.get()}) : Optional.empty();
    }

    private static Optional<File> onPath(String name) {
        String path = System.getenv("PATH");
        return Stream.of(path == null ? new String[0] : path.split(File.pathSeparator))
                .map(dir -> new File(dir, name)).filter(File::canExecute).findFirst();
    }

    /** Starts a headless browser with a 1366x768 window, in English. */
    static Browser start(File[] executables) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executables[0]);
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,768", "--lang=en-US", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(executables[1])
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1366, 768));
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            driver.quit();
            throw new UncheckedIOException(e);
        }
        return new Browser(driver, dir);
    }

    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).until(condition);
    }

    WebElement visible(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement clickable(By by) {
        return until(ExpectedConditions.elementToBeClickable(by));
    }

    void click(By by) {
        clickable(by).click();
    }

    void type(By by, String text) {
        WebElement input = visible(by);
        input.clear();
        input.sendKeys(text);
    }

    /** Waits until the dialog is closed. */
    void dialogClosed() {
        until(d -> !(Boolean) driver.executeScript("return document.getElementById('dialog').open"));
    }

    /** Waits until the dialog is open and titled so. */
    WebElement dialog(String title) {
        until(ExpectedConditions.textToBe(By.id("dialog-title"), title));
        return driver.findElement(By.id("dialog"));
    }

    /** Writes a screenshot of the window as {@code name}.png. */
    void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
