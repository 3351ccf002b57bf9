package io.backupalarm.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.config.Configuration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads configuration files strictly into a core {@link Configuration}, and writes a
 * configuration back in the same format.
 *
 * <p>The format (docs/configuration-files.md):
 * <pre>{@code
 * {
 *   "accounts": [ {"id": "acct-1", "email": "owner@example.com", "mobile": "+8613800138000",
 *                  "timeZone": "Asia/Shanghai", "locale": "zh-CN"} ],
 *   "contacts": [ {"id": "c-alice", "account": "acct-1", "name": "Alice", "email": "alice@example.com",
 *                  "addresses": [ {"channel": "dingtalk", "to": "https://oapi.dingtalk.com/robot/send?access_token=abc",
 *                                  "secret": "ding-ops"} ]} ],
 *   "groups":   [ {"id": "g-ops", "account": "acct-1", "name": "Ops", "members": ["c-alice"]} ],
 *   "vaults":   [ {"id": "v-prod", "account": "acct-1",
 *                  "alarmPolicy": {"mode": "CUSTOMIZED", "contacts": ["c-alice"], "groups": ["g-ops"]}} ],
 *   "instances":[ {"id": "i-web1", "vault": "v-prod", "alarmPolicy": {"mode": "SAME_AS_VAULT"}} ],
 *   "maintenanceWindows": [ {"id": "mw-1", "account": "acct-1", "vault": "v-prod", "instance": "i-web1",
 *                  "alarm": "BACKUP_FAILED", "timeZone": "Asia/Shanghai", "days": ["SATURDAY", "SUNDAY"],
 *                  "start": "02:00", "duration": "PT4H"} ]
 * }
 * }</pre>
 * Every list, every optional field and {@code alarmPolicy} may be absent; a field set to
 * {@code null} counts as absent. {@code timeZone} (an IANA zone id) and {@code locale} (a BCP 47
 * tag) are optional fields of an account. A contact has an email, a mobile, further
 * {@code addresses} or any mix, at least one; each further address has a {@code channel} (a
 * {@link io.backupalarm.config.ContactAddress} channel name, not {@code email} or {@code sms}), a
 * {@code to} (an {@code https} URL for the built-in webhook and robot channels) and an optional
 * {@code secret} id. Contacts of a file count as verified, further addresses included. An id repeated in
 * a group's members or in a policy's list counts once. A maintenance window's {@code vault},
 * {@code instance} and {@code alarm} are optional matchers; its {@code timeZone} is an IANA zone
 * id (a region such as {@code Asia/Shanghai}, or {@code UTC}; not a fixed offset), {@code days}
 * are {@link java.time.DayOfWeek} names (at least one, none twice), {@code start} is
 * {@code HH:MM} and {@code duration} an ISO-8601 duration, more than zero and at most
 * {@code P7D}.
 *
 * <p>Invalid, each reported with its JSON location: malformed JSON (with line and column), a key
 * repeated in one object, an unknown field, a missing required field, a value of the wrong type
 * (nothing is coerced: not {@code "mode": 1}, not {@code "members": "c1"}), an id repeated within
 * a kind, a reference to something missing or of another account, an invalid email or mobile, an
 * account with neither, a contact with no address at all, a further address breaking a rule of
 * {@link io.backupalarm.config.ContactAddress} (reported at its {@code channel}, {@code to} or
 * {@code secret}), held twice by one contact, or more than
 * {@value io.backupalarm.config.Contact#MAX_ADDRESSES} of them, an empty group, a {@code CUSTOMIZED} policy naming nothing,
 * another mode naming something, a mode its level does not have, and a maintenance window
 * breaking a rule above or whose matchers name something missing or of another account. Every
 * problem found is
 * reported at once, in one {@link InvalidFileException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigurationFiles {

    private ConfigurationFiles() {
    }

    /**
     * Reads a configuration file (UTF-8).
     *
     * @param file the file; its path as given names it in messages
     * @return the configuration
     * @throws InvalidFileException listing every problem found, if the file is invalid
     * @throws IOException if the file cannot be read
     */
    public static Configuration read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return read(JsonTrees.parse(file, file.toString()), file.toString());
    }

    /**
     * Reads the content of a configuration file.
     *
     * @param content the JSON text
     * @param source the name of the input, used in messages (such as a file name)
     * @return the configuration
     * @throws InvalidFileException listing every problem found, if the content is invalid
     */
    public static Configuration read(String content, String source) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(source, "source");
        return read(JsonTrees.parse(content, source), source);
    }

    static Configuration read(JsonNode tree, String source) {
        Problems problems = new Problems();
        Configuration configuration = new ConfigurationReader(problems).read(new Cursor(tree, "$", problems));
        problems.throwIfAny(source);
        return configuration;
    }

    /**
     * Writes a configuration in the file format, so that {@link #read(String, String)} gives an
     * equal configuration back, provided every contact address is verified (the format has no
     * place for verification: addresses read from a file count as verified).
     *
     * @param configuration the configuration
     * @return the JSON text, indented, ending with a line break
     * @throws IllegalArgumentException if a maintenance window cannot be written as the format
     *         holds it: a start time with seconds, or a time zone that is not an IANA id (such as a
     *         fixed offset); the message names the window
     */
    public static String write(Configuration configuration) {
        Objects.requireNonNull(configuration, "configuration");
        return ConfigurationWriter.write(configuration);
    }

    /**
     * Writes a configuration to a file (UTF-8), replacing it if it exists.
     *
     * @param configuration the configuration
     * @param file the file
     * @throws IllegalArgumentException as {@link #write(Configuration)}, before the file is touched
     * @throws IOException if the file cannot be written
     * @see #write(Configuration)
     */
    public static void write(Configuration configuration, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Files.writeString(file, write(configuration), StandardCharsets.UTF_8);
    }
}
