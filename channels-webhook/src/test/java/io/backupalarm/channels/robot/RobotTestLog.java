package io.backupalarm.channels.robot;

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
 * What the channels logged: the test resources' {@code simplelogger.properties} sends every log
 * line to a file, which this reads from a mark on.
 */
final class RobotTestLog {

    private static final Path FILE = file();

    private final long mark;

    private RobotTestLog(long mark) {
        this.mark = mark;
    }

    static RobotTestLog mark() {
        try {
            return new RobotTestLog(Files.size(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String since() {
        try {
            byte[] all = Files.readAllBytes(FILE);
            return new String(Arrays.copyOfRange(all, (int) mark, all.length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file() {
        LoggerFactory.getLogger(RobotTestLog.class).warn("robot test log opened");
        Properties properties = new Properties();
        try (InputStream in = RobotTestLog.class.getResourceAsStream("/simplelogger.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Path.of(properties.getProperty("org.slf4j.simpleLogger.logFile"));
    }
}
