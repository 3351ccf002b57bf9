package io.backupalarm.json;

import static io.backupalarm.json.ConfigurationFilesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backupalarm.ValidationException.Problem;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.lifecycle.AlarmType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Maintenance windows in configuration files")
final class MaintenanceWindowFilesTest {

    private static final String BASE = "'accounts':[{'id':'acct-1','email':'owner@example.com'},"
            + "{'id':'acct-2','email':'other@example.org'}],"
            + "'vaults':[{'id':'v-prod','account':'acct-1'},{'id':'v-other','account':'acct-2'}],"
            + "'instances':[{'id':'i-web1','vault':'v-prod'},{'id':'i-other','vault':'v-other'}]";
    /** The window of the documentation, every field given. */
    static final String FULL = "{'id':'mw-1','account':'acct-1','vault':'v-prod','instance':'i-web1','alarm':'BACKUP_FAILED',"
            + "'timeZone':'Asia/Shanghai','days':['SATURDAY','SUNDAY'],'start':'02:00','duration':'PT4H'}";
    /** A window with only the required fields. */
    static final String PLAIN = "{'id':'mw-1','account':'acct-1','timeZone':'Asia/Shanghai','days':['SATURDAY'],"
            + "'start':'02:00','duration':'PT4H'}";

    static String config(String... windows) {
        return json("{" + BASE + ",'maintenanceWindows':[" + String.join(",", windows) + "]}");
    }

    /** The plain window with one field's JSON value replaced ({@code null}: the field removed). */
    static String plainWith(String field, String value) {
        String[] parts = {"'id':'mw-1'", "'account':'acct-1'", "'timeZone':'Asia/Shanghai'", "'days':['SATURDAY']",
                "'start':'02:00'", "'duration':'PT4H'"};
        StringBuilder out = new StringBuilder("{");
        boolean replaced = false;
        for (String part : parts) {
            String name = part.substring(1, part.indexOf('\'', 1));
            if (name.equals(field)) {
                replaced = true;
                if (value == null) {
                    continue;
                }
                part = "'" + field + "':" + value;
            }
            out.append(out.length() > 1 ? "," : "").append(part);
        }
        if (!replaced && value != null) {
            out.append(",'").append(field).append("':").append(value);
        }
        return out.append('}').toString();
    }

    @Test
    @DisplayName("reads the window of the documentation: matchers, zone, days, local start and duration")
    void readsEveryField() {
        Configuration configuration = ConfigurationFiles.read(config(FULL), "mw.json");

        assertThat(configuration.maintenanceWindows()).containsExactly(new MaintenanceWindow("mw-1", "acct-1",
                new AlarmMatcher("v-prod", "i-web1", AlarmType.BACKUP_FAILED), ZoneId.of("Asia/Shanghai"),
                EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(2, 0), Duration.ofHours(4)));
    }

    @Test
    @DisplayName("a window without matchers covers the whole account; null counts as absent")
    void withoutMatchers() {
        Configuration configuration = ConfigurationFiles.read(config(PLAIN,
                plainWith("id", "'mw-2'").replace("}", ",'vault':null,'instance':null,'alarm':null}")), "mw.json");

        assertThat(configuration.maintenanceWindows()).extracting(MaintenanceWindow::matcher)
                .containsExactly(AlarmMatcher.ANY, AlarmMatcher.ANY);
    }

    @Test
    @DisplayName("the bounds themselves are valid: every day, 00:00 and 23:59, a duration of P7D and of one second, UTC")
    void bounds() {
        Configuration configuration = ConfigurationFiles.read(config(
                plainWith("days", "['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY']")
                        .replace("'PT4H'", "'P7D'").replace("'02:00'", "'00:00'"),
                plainWith("id", "'mw-2'").replace("'PT4H'", "'PT1S'").replace("'02:00'", "'23:59'")
                        .replace("Asia/Shanghai", "UTC")), "mw.json");

        List<MaintenanceWindow> windows = List.copyOf(configuration.maintenanceWindows());
        assertThat(windows.get(0).days()).hasSize(7);
        assertThat(windows.get(0).duration()).isEqualTo(MaintenanceWindow.MAX_DURATION);
        assertThat(windows.get(0).start()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(windows.get(1).duration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(windows.get(1).start()).isEqualTo(LocalTime.of(23, 59));
        assertThat(windows.get(1).timeZone()).isEqualTo(ZoneId.of("UTC"));
    }

    static Stream<Arguments> invalid() {
        String at = "$.maintenanceWindows[0]";
        return Stream.of(
                Arguments.of("no day", plainWith("days", "[]"), at + ".days",
                        "maintenance window mw-1 must name at least one day (days is empty)"),
                Arguments.of("days absent", plainWith("days", null), at + ".days", "missing required field 'days'"),
                Arguments.of("days not an array", plainWith("days", "'SATURDAY'"), at + ".days", "'days' must be an array"),
                Arguments.of("a day in lower case", plainWith("days", "['saturday']"), at + ".days[0]",
                        "day 'saturday' is not a day of the week (expected one of MONDAY, TUESDAY, WEDNESDAY, THURSDAY,"
                                + " FRIDAY, SATURDAY, SUNDAY)"),
                Arguments.of("a day abbreviated", plainWith("days", "['SATURDAY','SUN']"), at + ".days[1]",
                        "day 'SUN' is not a day of the week"),
                Arguments.of("a day twice", plainWith("days", "['SATURDAY','SUNDAY','SATURDAY']"), at + ".days[2]",
                        "day SATURDAY is listed twice (also at " + at + ".days[0])"),
                Arguments.of("a day that is a number", plainWith("days", "[6]"), at + ".days[0]",
                        "a day must be a string such as MONDAY, not a number (6)"),
                Arguments.of("a start without a leading zero", plainWith("start", "'2:00'"), at + ".start",
                        "start '2:00' is not a time of day as HH:MM (00:00 to 23:59, such as 02:00)"),
                Arguments.of("a start at 24:00", plainWith("start", "'24:00'"), at + ".start", "start '24:00' is not a time of day"),
                Arguments.of("a start at minute 60", plainWith("start", "'12:60'"), at + ".start", "start '12:60' is not a time of day"),
                Arguments.of("a start with seconds", plainWith("start", "'02:00:00'"), at + ".start", "start '02:00:00' is not"),
                Arguments.of("a start absent", plainWith("start", null), at + ".start", "missing required field 'start'"),
                Arguments.of("a start that is a number", plainWith("start", "200"), at + ".start", "'start' must be a string"),
                Arguments.of("an unknown zone", plainWith("timeZone", "'Mars/Olympus'"), at + ".timeZone",
                        "timeZone 'Mars/Olympus' is not an IANA time-zone id (such as Asia/Shanghai, Europe/Berlin or UTC)"),
                Arguments.of("a fixed offset for a zone", plainWith("timeZone", "'+08:00'"), at + ".timeZone",
                        "timeZone '+08:00' is not an IANA time-zone id"),
                Arguments.of("a zone in the wrong case", plainWith("timeZone", "'asia/shanghai'"), at + ".timeZone",
                        "timeZone 'asia/shanghai' is not an IANA time-zone id"),
                Arguments.of("a zone absent", plainWith("timeZone", null), at + ".timeZone", "missing required field 'timeZone'"),
                Arguments.of("a zero duration", plainWith("duration", "'PT0S'"), at + ".duration",
                        "duration PT0S must be more than zero"),
                Arguments.of("a negative duration", plainWith("duration", "'-PT1H'"), at + ".duration",
                        "duration PT-1H must be more than zero"),
                Arguments.of("a duration of eight days", plainWith("duration", "'P8D'"), at + ".duration",
                        "duration P8D is more than the maximum, P7D"),
                Arguments.of("a duration a second over a week", plainWith("duration", "'P7DT1S'"), at + ".duration",
                        "duration PT168H1S is more than the maximum, P7D"),
                Arguments.of("a duration that is not ISO-8601", plainWith("duration", "'4h'"), at + ".duration",
                        "duration '4h' is not an ISO-8601 duration (such as PT4H or P1D)"),
                Arguments.of("a duration absent", plainWith("duration", null), at + ".duration",
                        "missing required field 'duration'"),
                Arguments.of("an unknown alarm type", plainWith("alarm", "'DISK_FULL'"), at + ".alarm",
                        "alarm 'DISK_FULL' is not an alarm type (expected CLIENT_DISCONNECTED or BACKUP_FAILED)"),
                Arguments.of("an alarm type in lower case", plainWith("alarm", "'backup_failed'"), at + ".alarm",
                        "alarm 'backup_failed' is not an alarm type"),
                Arguments.of("an account absent", plainWith("account", null), at + ".account", "missing required field 'account'"),
                Arguments.of("an unknown account", plainWith("account", "'acct-3'"), at + ".account",
                        "account acct-3 does not exist; did you mean 'acct-1'?"),
                Arguments.of("an unknown vault", plainWith("vault", "'v-prd'"), at + ".vault",
                        "vault v-prd does not exist; did you mean 'v-prod'?"),
                Arguments.of("a vault of another account", plainWith("vault", "'v-other'"), at + ".vault",
                        "vault v-other belongs to account acct-2, not acct-1"),
                Arguments.of("an unknown instance", plainWith("instance", "'i-web9'"), at + ".instance",
                        "instance i-web9 does not exist; did you mean 'i-web1'?"),
                Arguments.of("an instance of another account", plainWith("instance", "'i-other'"), at + ".instance",
                        "instance i-other belongs to account acct-2, not acct-1"),
                Arguments.of("an invalid vault id", plainWith("vault", "'v prod'"), at + ".vault",
                        "maintenance window mw-1 vault 'v prod' is not a valid id"),
                Arguments.of("an invalid window id", plainWith("id", "'mw 1'"), at + ".id",
                        "maintenance window id 'mw 1' is not a valid id"),
                Arguments.of("an id absent", plainWith("id", null), at + ".id", "missing required field 'id'"),
                Arguments.of("an unknown field", plainWith("timezone", "'UTC'"), at + ".timezone",
                        "unknown field 'timezone' in a maintenance window (expected id, account, vault, instance, alarm,"
                                + " timeZone, days, start, duration)"),
                Arguments.of("a window that is not an object", "'mw-1'", at, "a maintenance window must be an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    @DisplayName("rejects an invalid window, naming where and what")
    void rejects(String description, String window, String location, String fragment) {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(config(window), "mw.json"));

        assertThat(e).as(description).isNotNull();
        assertThat(e.problems()).as(description).anySatisfy(problem -> {
            assertThat(problem.path()).isEqualTo(location);
            assertThat(problem.message()).contains(fragment);
        });
    }

    @Test
    @DisplayName("a window id used twice is reported at the second, naming the first")
    void duplicateId() {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(config(PLAIN, PLAIN), "mw.json"));

        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                "$.maintenanceWindows[1].id: duplicate maintenance window id mw-1 (also at $.maintenanceWindows[0])");
    }

    @Test
    @DisplayName("every problem of a window is reported at once, in field order, references after")
    void everyProblem() {
        String window = "{'id':'mw-1','account':'acct-1','vault':'v-nope','alarm':'X','timeZone':'Nowhere',"
                + "'days':['FUNDAY'],'start':'7am','duration':'P9D'}";
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(config(window), "mw.json"));

        assertThat(e.problems()).extracting(Problem::path).containsExactly(
                "$.maintenanceWindows[0].alarm", "$.maintenanceWindows[0].timeZone", "$.maintenanceWindows[0].days[0]",
                "$.maintenanceWindows[0].start", "$.maintenanceWindows[0].duration", "$.maintenanceWindows[0].vault");
    }

    @Test
    @DisplayName("maintenanceWindows that is not an array is reported")
    void notAnArray() {
        assertThatThrownBy(() -> ConfigurationFiles.read(json("{" + BASE + ",'maintenanceWindows':{}}"), "mw.json"))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("mw.json: $.maintenanceWindows: 'maintenanceWindows' must be an array, not an object");
    }

    @Test
    @DisplayName("writes windows: optional matchers left out, days in week order, and the same window reads back")
    void writes() {
        Configuration configuration = ConfigurationFiles.read(config(FULL.replace("['SATURDAY','SUNDAY']",
                "['SUNDAY','MONDAY','SATURDAY']"), plainWith("id", "'mw-2'").replace("'PT4H'", "'P7D'")), "mw.json");

        String written = ConfigurationFiles.write(configuration);

        assertThat(written.replaceAll("\\s", "")).endsWith(json("'maintenanceWindows':["
                + "{'id':'mw-1','account':'acct-1','vault':'v-prod','instance':'i-web1','alarm':'BACKUP_FAILED',"
                + "'timeZone':'Asia/Shanghai','days':['MONDAY','SATURDAY','SUNDAY'],'start':'02:00','duration':'PT4H'},"
                + "{'id':'mw-2','account':'acct-1','timeZone':'Asia/Shanghai','days':['SATURDAY'],'start':'02:00',"
                + "'duration':'P7D'}]}"));
        assertThat(ConfigurationFiles.read(written, "again.json")).isEqualTo(configuration);
    }

    @Test
    @DisplayName("refuses to write a window the format cannot hold (a start with seconds, a fixed offset), naming it")
    void refusesWhatTheFormatCannotHold() {
        Configuration base = ConfigurationFiles.read(config(), "base.json");
        MaintenanceWindow window = new MaintenanceWindow("mw-s", "acct-1", AlarmMatcher.ANY, ZoneId.of("UTC"),
                Set.of(DayOfWeek.MONDAY), LocalTime.of(2, 0, 30), Duration.ofHours(1));
        Configuration withSeconds = base.toBuilder().maintenanceWindow(window).build();
        Configuration withOffset = base.toBuilder().maintenanceWindow(new MaintenanceWindow("mw-o", "acct-1",
                AlarmMatcher.ANY, ZoneOffset.ofHours(8), Set.of(DayOfWeek.MONDAY), LocalTime.of(2, 0),
                Duration.ofHours(1))).build();

        assertThatThrownBy(() -> ConfigurationFiles.write(withSeconds)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maintenance window mw-s starts at 02:00:30, which the file format cannot hold: a start is"
                        + " HH:MM, without seconds");
        assertThatThrownBy(() -> ConfigurationFiles.write(withOffset)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maintenance window mw-o uses the time zone +08:00, which the file format cannot hold");
    }
}
