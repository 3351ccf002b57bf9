package io.backupalarm.channels.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * What the channel logged: the test resources' {@code simplelogger.properties} sends every log
 * line to a file, which this reads from a mark on.
 */
public final class TestLog {

    private static final Path FILE = file();

    private final long mark;

    private TestLog(long mark) {
        this.mark = mark;
    }

    /** Marks the end of the log as it is now. */
    public static TestLog mark() {
        try {
            return new TestLog(Files.size(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything logged since the mark. */
    public String since() {
        try {
            byte[] all = Files.readAllBytes(FILE);
            return new String(Arrays.copyOfRange(all, (int) mark, all.length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file() {
        // SLF4J creates the file when it starts; make sure it has.
        LoggerFactory.getLogger(TestLog.class).debug("test log opened");
        Properties properties = new Properties();
        try (InputStream in = TestLog.class.getResourceAsStream("/simplelogger.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Path.of(properties.getProperty("org.slf4j.simpleLogger.logFile"));
    }
}
