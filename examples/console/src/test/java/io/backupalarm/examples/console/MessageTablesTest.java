package io.backupalarm.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.verification.VerificationOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's two message tables, as the jar serves them: the same keys, the same placeholders
 * in each message, every key the console's code names, and a message for every value of the
 * library's enumerations that the console shows (a new value in the library fails here until it
 * has its words in both languages).
 */
class MessageTablesTest {

    private static final String ROOT = "META-INF/backup-alarm-console/";
    private static final List<String> SOURCES = List.of("index.html", "js/main.js", "js/common.js", "js/dom.js",
            "js/dialog.js", "js/api.js", "js/i18n.js", "js/policy-form.js", "js/screens/contacts.js", "js/screens/groups.js",
            "js/screens/vaults.js", "js/screens/instances.js", "js/screens/alarms.js", "js/screens/history.js");
    private static final Pattern ENTRY = Pattern.compile("^\\s*'([^']+)': '((?:[^'\\\\]|\\\\.)*)',$", Pattern.MULTILINE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    private static String read(String path) throws IOException {
        try (InputStream in = MessageTablesTest.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            assertThat(in).as(ROOT + path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> table(String language) throws IOException {
        String text = read("js/messages/" + language + ".js");
        Map<String, String> messages = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(text);
        while (m.find()) {
            assertThat(messages.put(m.group(1), m.group(2))).as("key %s twice in %s", m.group(1), language).isNull();
        }
        // every line that looks like an entry was read as one
        long lines = text.lines().filter(l -> l.trim().startsWith("'")).count();
        assertThat(messages).as(language).hasSize((int) lines);
        return messages;
    }

    private static Set<String> placeholders(String message) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(message);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void bothLanguagesHaveTheSameKeysAndPlaceholders() throws IOException {
        Map<String, String> en = table("en");
        Map<String, String> zh = table("zh-CN");
        assertThat(en).hasSizeGreaterThan(200);
        assertThat(zh.keySet()).containsExactlyInAnyOrderElementsOf(en.keySet());
        en.forEach((key, message) -> {
            assertThat(placeholders(zh.get(key))).as("placeholders of %s", key).isEqualTo(placeholders(message));
            assertThat(zh.get(key)).as("zh-CN %s", key).isNotBlank();
        });
    }

    @Test
    void everyKeyTheConsoleNamesHasAMessage() throws IOException {
        Set<String> keys = table("en").keySet();
        Pattern named = Pattern.compile("\\bt\\('([A-Za-z.]+)'|data-i18n=\"([^\"]+)\"|\\? '([a-z]+\\.[A-Za-z.]+)' : '([a-z]+\\.[A-Za-z.]+)'");
        Set<String> used = new TreeSet<>();
        for (String source : SOURCES) {
            Matcher m = named.matcher(read(source));
            while (m.find()) {
                for (int g = 1; g <= 4; g++) {
                    if (m.group(g) != null) {
                        used.add(m.group(g));
                    }
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(150);
        assertThat(keys).containsAll(used);
    }

    @Test
    void everyValueOfTheLibrarysEnumerationsTheConsoleShowsHasAMessage() throws IOException {
        Set<String> keys = table("en").keySet();
        Stream.concat(Stream.of(PolicyMode.values()).map(Enum::name), Stream.of(InstancePolicyMode.values()).map(Enum::name))
                .forEach(mode -> assertThat(keys).contains("mode." + mode, "mode." + mode + ".hint"));
        Stream.of(AlarmType.values()).forEach(v -> assertThat(keys).contains("type." + v.name()));
        Stream.of(AlarmState.values()).forEach(v -> assertThat(keys).contains("state." + v.name()));
        Stream.of(VerificationOutcome.values()).forEach(v -> assertThat(keys).contains("outcome." + v.name()));
        Stream.of(DeliveryRecord.Outcome.values()).forEach(v -> assertThat(keys).contains("outcome." + v.name()));
        Stream.of(OutboundMessage.Kind.values()).forEach(v -> assertThat(keys).contains("kind." + v.name()));
        Stream.of(AlarmHistoryEntry.Event.values()).forEach(v -> assertThat(keys).contains("event." + v.name()));
    }
}
