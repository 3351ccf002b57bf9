package io.backupalarm.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads scenario files strictly into a {@link Scenario}.
 *
 * <p>The format (docs/configuration-files.md):
 * <pre>{@code
 * {
 *   "config": { ...a configuration file's content... },
 *   "settings": {"disconnectGracePeriod": "PT1H", "backupFailureGracePeriod": "PT1H",
 *                "repeatInterval": null, "notifyOnResolved": false,
 *                "groupWait": "PT30S", "inhibitBackupFailuresWhileDisconnected": true},
 *   "events": [
 *     {"at": "2026-01-01T00:00:00Z", "type": "CLIENT_DISCONNECTED", "instance": "i-web1"},
 *     {"at": "2026-01-01T00:10:00Z", "type": "BACKUP_FAILED", "instance": "i-web1", "job": "daily", "message": "disk full"},
 *     {"at": "2026-01-01T00:20:00Z", "type": "SET_INSTANCE_POLICY", "instance": "i-web1", "alarmPolicy": {"mode": "DEFAULT"}},
 *     {"at": "2026-01-01T00:30:00Z", "type": "SET_VAULT_POLICY", "vault": "v-prod", "alarmPolicy": {"mode": "DISABLED"}}
 *   ],
 *   "until": "2026-01-02T00:00:00Z"
 * }
 * }</pre>
 * {@code config} is required and checked as {@link ConfigurationFiles} does. {@code settings},
 * each of its fields, {@code events} and {@code until} may be absent. Durations are ISO-8601,
 * within the bounds of {@link io.backupalarm.lifecycle.AlarmSettings}: a grace period from zero
 * to 365 days, a {@code repeatInterval} from one minute to 365 days ({@code null} or absent: no
 * repeat), a {@code groupWait} from zero (no grouping) to one hour. Instants carry an offset and lie from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
 * A replay that could send more than 100,000 repeats is invalid. Event types:
 * {@code CLIENT_DISCONNECTED}, {@code CLIENT_CONNECTED} (fields {@code at}, {@code type},
 * {@code instance}), {@code BACKUP_FAILED} (plus optional {@code job} and
 * {@code message}), {@code BACKUP_SUCCEEDED} (plus optional {@code job}),
 * {@code SET_INSTANCE_POLICY} ({@code instance}, {@code alarmPolicy}) and
 * {@code SET_VAULT_POLICY} ({@code vault}, {@code alarmPolicy}); a policy is validated like one
 * in the configuration. The operator actions: {@code SILENCE} ({@code id}, {@code account},
 * {@code ends}; optional {@code vault}, {@code instance}, {@code alarm}, {@code starts} (default:
 * {@code at}), {@code by}, {@code comment}), {@code EXPIRE_SILENCE} ({@code id} of a silence
 * created earlier in the file), {@code ACKNOWLEDGE} ({@code alarm}, {@code instance}, {@code by};
 * optional {@code job}, only for {@code BACKUP_FAILED}, and {@code comment}) and
 * {@code TEST_NOTIFICATION} ({@code instance} or {@code contact}, exactly one). A silence id is
 * used once; a silence's account exists, its matchers name things of that account, and it ends
 * after it starts and after its event. Events must be in time order (equal instants keep file
 * order), name an existing instance, vault or contact, and {@code until} must not be earlier
 * than the last event.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScenarioFiles {

    private ScenarioFiles() {
    }

    /**
     * Reads a scenario file (UTF-8).
     *
     * @param file the file; its path as given names it in messages
     * @return the scenario
     * @throws InvalidFileException listing every problem found, if the file is invalid
     * @throws IOException if the file cannot be read
     */
    public static Scenario read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return read(JsonTrees.parse(file, file.toString()), file.toString());
    }

    /**
     * Reads the content of a scenario file.
     *
     * @param content the JSON text
     * @param source the name of the input, used in messages (such as a file name)
     * @return the scenario
     * @throws InvalidFileException listing every problem found, if the content is invalid
     */
    public static Scenario read(String content, String source) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(source, "source");
        return read(JsonTrees.parse(content, source), source);
    }

    static Scenario read(JsonNode tree, String source) {
        Problems problems = new Problems();
        Scenario scenario = new ScenarioReader(problems).read(new Cursor(tree, "$", problems));
        problems.throwIfAny(source);
        return scenario;
    }
}
