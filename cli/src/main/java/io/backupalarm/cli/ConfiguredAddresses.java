package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.spi.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The addresses of a configuration file as they are written in it. The engine keeps addresses in
 * their canonical form (an email's domain in lower case, a mobile in E.164); {@code simulate}
 * prints {@code to} as configured, so it maps each canonical address back to the first spelling
 * of it in the file. A further address (a robot's URL, a host channel's target) is kept exactly
 * as written, so it needs no mapping.
 *
 * <p>Immutable once read; thread-safe.
 */
final class ConfiguredAddresses {

    private static final JsonFactory JSON = new JsonFactory();
    /** An account's or a contact's email or mobile, in a configuration file or a scenario's config. */
    private static final Pattern ADDRESS = Pattern.compile("(?:/config)?/(?:accounts|contacts)/\\d+/(email|mobile)");

    private final Map<String, String> spellings;

    private ConfiguredAddresses(Map<String, String> spellings) {
        this.spellings = Map.copyOf(spellings);
    }

    /**
     * Reads the spellings of a file that has already been read and validated.
     *
     * @param file the file
     * @return the spellings
     */
    static ConfiguredAddresses of(Path file) {
        Map<String, String> spellings = new HashMap<>();
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    continue;
                }
                Matcher field = ADDRESS.matcher(parser.getParsingContext().pathAsPointer().toString());
                if (field.matches()) {
                    String written = parser.getText();
                    String key = "email".equals(field.group(1))
                            ? Channel.EMAIL + ":" + EmailAddress.of(written).value()
                            : Channel.SMS + ":" + MobileNumber.of(written).value();
                    spellings.putIfAbsent(key, written);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConfiguredAddresses(spellings);
    }

    /**
     * The address as the file writes it.
     *
     * @param channel the channel
     * @param address the canonical address
     * @return the first spelling of it in the file, or {@code address} if the file has none
     */
    String asConfigured(String channel, String address) {
        return spellings.getOrDefault(channel + ":" + address, address);
    }
}
