package io.backupalarm.json;

import static io.backupalarm.json.ConfigurationFilesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backupalarm.ValidationException.Problem;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.json.ScenarioStep.Acknowledge;
import io.backupalarm.json.ScenarioStep.CreateSilence;
import io.backupalarm.json.ScenarioStep.ExpireSilence;
import io.backupalarm.json.ScenarioStep.SendTest;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Scenario files: quiet settings and operator actions")
final class QuietScenarioFilesTest {

    private static final String CONFIG = "'config':{'accounts':[{'id':'acct-1','email':'owner@example.com'},"
            + "{'id':'acct-2','email':'other@example.org'}],"
            + "'contacts':[{'id':'c-alice','account':'acct-1','name':'Alice','email':'alice@example.com'},"
            + "{'id':'c-bob','account':'acct-2','name':'Bob','email':'bob@example.org'}],"
            + "'vaults':[{'id':'v-prod','account':'acct-1'},{'id':'v-other','account':'acct-2'}],"
            + "'instances':[{'id':'i-web1','vault':'v-prod'},{'id':'i-other','vault':'v-other'}]}";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String AT0 = "'at':'2026-01-01T00:00:00Z'";
    private static final String AT1 = "'at':'2026-01-01T01:00:00Z'";

    static String scenario(String rest) {
        return json("{" + CONFIG + "," + rest + "}");
    }

    static String events(String... events) {
        return "'events':[" + String.join(",", events) + "]";
    }

    static Scenario read(String content) {
        return ScenarioFiles.read(content, "quiet.json");
    }

    @Test
    @DisplayName("reads groupWait and inhibitBackupFailuresWhileDisconnected; absent, they keep their defaults")
    void settings() {
        AlarmSettings set = read(scenario("'settings':{'groupWait':'PT1H','inhibitBackupFailuresWhileDisconnected':false}"))
                .settings();
        AlarmSettings off = read(scenario("'settings':{'groupWait':'PT0S'}")).settings();
        AlarmSettings absent = read(scenario("'settings':{'groupWait':null}")).settings();

        assertThat(set.groupWait()).isEqualTo(Duration.ofHours(1));
        assertThat(set.inhibitBackupFailuresWhileDisconnected()).isFalse();
        assertThat(off.groupWait()).isZero();
        assertThat(off.inhibitBackupFailuresWhileDisconnected()).isTrue();
        assertThat(absent).isEqualTo(AlarmSettings.ofDefaults());
        assertThat(absent.groupWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("a SILENCE starts at its event unless it says otherwise, with its matchers, author and comment")
    void silence() {
        Scenario scenario = read(scenario(events(
                "{" + AT0 + ",'type':'SILENCE','id':'s-1','account':'acct-1','ends':'2026-01-01T02:00:00Z'}",
                "{" + AT1 + ",'type':'SILENCE','id':'s-2','account':'acct-1','vault':'v-prod','instance':'i-web1',"
                        + "'alarm':'BACKUP_FAILED','starts':'2025-12-31T23:00:00+08:00','ends':'2026-01-01T03:00:00Z',"
                        + "'by':'Alice','comment':'rack move'}")));

        assertThat(scenario.steps()).containsExactly(
                new CreateSilence(T0, Silence.of("s-1", "acct-1", AlarmMatcher.ANY, T0, T0.plusSeconds(7200), null, null)),
                new CreateSilence(T0.plusSeconds(3600), Silence.of("s-2", "acct-1",
                        new AlarmMatcher("v-prod", "i-web1", AlarmType.BACKUP_FAILED), Instant.parse("2025-12-31T15:00:00Z"),
                        T0.plusSeconds(10800), "Alice", "rack move")));
    }

    @Test
    @DisplayName("EXPIRE_SILENCE, ACKNOWLEDGE and TEST_NOTIFICATION map to their steps")
    void otherActions() {
        Scenario scenario = read(scenario(events(
                "{" + AT0 + ",'type':'SILENCE','id':'s-1','account':'acct-1','ends':'2026-01-01T02:00:00Z'}",
                "{" + AT1 + ",'type':'EXPIRE_SILENCE','id':'s-1'}",
                "{" + AT1 + ",'type':'ACKNOWLEDGE','alarm':'BACKUP_FAILED','instance':'i-web1','job':'nightly','by':'Alice',"
                        + "'comment':'on it'}",
                "{" + AT1 + ",'type':'ACKNOWLEDGE','alarm':'CLIENT_DISCONNECTED','instance':'i-web1','by':'Bob'}",
                "{" + AT1 + ",'type':'TEST_NOTIFICATION','instance':'i-web1'}",
                "{" + AT1 + ",'type':'TEST_NOTIFICATION','contact':'c-bob'}")));

        Instant t1 = T0.plusSeconds(3600);
        assertThat(scenario.steps()).hasSize(6).endsWith(
                new ExpireSilence(t1, "s-1"),
                new Acknowledge(t1, new AlarmKey(AlarmType.BACKUP_FAILED, "i-web1", "nightly"), "Alice", "on it"),
                new Acknowledge(t1, new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-web1", null), "Bob", null),
                new SendTest(t1, TestTarget.instance("i-web1")),
                new SendTest(t1, TestTarget.contact("c-bob")));
    }

    @Test
    @DisplayName("a silence expired at the instant it was created, later in the file, is valid (file order)")
    void expireAtTheSameInstant() {
        Scenario scenario = read(scenario(events(
                "{" + AT0 + ",'type':'SILENCE','id':'s-1','account':'acct-1','ends':'2026-01-01T02:00:00Z'}",
                "{" + AT0 + ",'type':'EXPIRE_SILENCE','id':'s-1'}",
                "{" + AT1 + ",'type':'EXPIRE_SILENCE','id':'s-1'}")));

        assertThat(scenario.steps()).hasSize(3);
    }

    static Stream<Arguments> invalid() {
        String silence = "{" + AT0 + ",'type':'SILENCE','id':'s-1','account':'acct-1','ends':'2026-01-01T02:00:00Z'}";
        return Stream.of(
                Arguments.of("a groupWait over an hour", scenario("'settings':{'groupWait':'PT61M'}"), "$.settings.groupWait",
                        "groupWait PT1H1M is more than the maximum, PT1H"),
                Arguments.of("a negative groupWait", scenario("'settings':{'groupWait':'-PT1S'}"), "$.settings.groupWait",
                        "groupWait PT-1S must not be negative"),
                Arguments.of("a groupWait that is not a duration", scenario("'settings':{'groupWait':'30s'}"),
                        "$.settings.groupWait", "groupWait '30s' is not an ISO-8601 duration"),
                Arguments.of("an inhibition that is not a boolean", scenario("'settings':{'inhibitBackupFailuresWhileDisconnected':'no'}"),
                        "$.settings.inhibitBackupFailuresWhileDisconnected", "must be true or false"),
                Arguments.of("a silence id used twice", scenario(events(silence, silence.replace(AT0, AT1))), "$.events[1].id",
                        "silence id s-1 is used twice (also at $.events[0])"),
                Arguments.of("a silence ending when it starts", scenario(events("{" + AT0 + ",'type':'SILENCE','id':'s-1',"
                                + "'account':'acct-1','starts':'2026-01-01T05:00:00Z','ends':'2026-01-01T05:00:00Z'}")),
                        "$.events[0].ends", "silence s-1 ends at 2026-01-01T05:00:00Z, not after it starts at"
                                + " 2026-01-01T05:00:00Z; a silence must end after it starts"),
                Arguments.of("a silence ending before its event (starts defaulted)", scenario(events("{" + AT1
                                + ",'type':'SILENCE','id':'s-1','account':'acct-1','ends':'2026-01-01T00:30:00Z'}")),
                        "$.events[0].ends", "silence s-1 ends at 2026-01-01T00:30:00Z, not after it starts at"
                                + " 2026-01-01T01:00:00Z (starts: the event's at)"),
                Arguments.of("a silence ending at its event, having started earlier", scenario(events("{" + AT1
                                + ",'type':'SILENCE','id':'s-1','account':'acct-1','starts':'2026-01-01T00:00:00Z',"
                                + "'ends':'2026-01-01T01:00:00Z'}")),
                        "$.events[0].ends", "silence s-1 ends at 2026-01-01T01:00:00Z, not after the event's at"
                                + " 2026-01-01T01:00:00Z; a silence must end after it is created"),
                Arguments.of("a silence without ends", scenario(events("{" + AT0 + ",'type':'SILENCE','id':'s-1','account':'acct-1'}")),
                        "$.events[0].ends", "missing required field 'ends'"),
                Arguments.of("a silence without account", scenario(events(silence.replace("'account':'acct-1',", ""))),
                        "$.events[0].account", "missing required field 'account'"),
                Arguments.of("a silence without id", scenario(events(silence.replace("'id':'s-1',", ""))),
                        "$.events[0].id", "missing required field 'id'"),
                Arguments.of("a silence of an unknown account", scenario(events(silence.replace("acct-1", "acct-3"))),
                        "$.events[0].account", "account acct-3 does not exist; did you mean 'acct-1'?"),
                Arguments.of("a silence naming an unknown vault", scenario(events(silence.replace("}", ",'vault':'v-nope'}"))),
                        "$.events[0].vault", "vault v-nope does not exist"),
                Arguments.of("a silence naming a vault of another account", scenario(events(silence.replace("}",
                                ",'vault':'v-other'}"))),
                        "$.events[0].vault", "vault v-other belongs to account acct-2, not acct-1"),
                Arguments.of("a silence naming an unknown instance", scenario(events(silence.replace("}",
                                ",'instance':'i-web2'}"))),
                        "$.events[0].instance", "instance i-web2 does not exist; did you mean 'i-web1'?"),
                Arguments.of("a silence naming an instance of another account", scenario(events(silence.replace("}",
                                ",'instance':'i-other'}"))),
                        "$.events[0].instance", "instance i-other belongs to account acct-2, not acct-1"),
                Arguments.of("a silence naming an unknown alarm type", scenario(events(silence.replace("}", ",'alarm':'ALL'}"))),
                        "$.events[0].alarm", "alarm 'ALL' is not an alarm type (expected CLIENT_DISCONNECTED or BACKUP_FAILED)"),
                Arguments.of("a silence with an invalid starts", scenario(events(silence.replace("}",
                                ",'starts':'2026-01-01T00:00:00'}"))),
                        "$.events[0].starts", "starts '2026-01-01T00:00:00' needs a zone offset"),
                Arguments.of("a silence with an empty by", scenario(events(silence.replace("}", ",'by':''}"))),
                        "$.events[0].by", "by '' must be 1 to 64 characters, not 0"),
                Arguments.of("a silence with a comment too long", scenario(events(silence.replace("}",
                                ",'comment':'" + "x".repeat(1001) + "'}"))),
                        "$.events[0].comment", "comment must be at most 1000 characters, not 1001"),
                Arguments.of("a silence with an unknown field", scenario(events(silence.replace("}", ",'until':'x'}"))),
                        "$.events[0].until", "unknown field 'until' in a SILENCE event (expected at, type, id, account, vault,"
                                + " instance, alarm, starts, ends, by, comment)"),
                Arguments.of("an expiry of an id never created", scenario(events(silence,
                                "{" + AT1 + ",'type':'EXPIRE_SILENCE','id':'s-2'}")),
                        "$.events[1].id", "silence s-2 is not created before this event (no SILENCE event with that id"
                                + " comes earlier); did you mean 's-1'?"),
                Arguments.of("an expiry before its silence is created", scenario(events(
                                "{" + AT0 + ",'type':'EXPIRE_SILENCE','id':'s-1'}", silence)),
                        "$.events[0].id", "silence s-1 is not created before this event"),
                Arguments.of("an expiry without id", scenario(events(silence, "{" + AT1 + ",'type':'EXPIRE_SILENCE'}")),
                        "$.events[1].id", "missing required field 'id'"),
                Arguments.of("an acknowledgement of a disconnection with a job", scenario(events("{" + AT0
                                + ",'type':'ACKNOWLEDGE','alarm':'CLIENT_DISCONNECTED','instance':'i-web1','job':'daily','by':'Al'}")),
                        "$.events[0].job", "a CLIENT_DISCONNECTED alarm has no job (job 'daily' names a backup job: only a"
                                + " BACKUP_FAILED alarm has one)"),
                Arguments.of("an acknowledgement without by", scenario(events("{" + AT0
                                + ",'type':'ACKNOWLEDGE','alarm':'BACKUP_FAILED','instance':'i-web1'}")),
                        "$.events[0].by", "missing required field 'by'"),
                Arguments.of("an acknowledgement without alarm", scenario(events("{" + AT0
                                + ",'type':'ACKNOWLEDGE','instance':'i-web1','by':'Al'}")),
                        "$.events[0].alarm", "missing required field 'alarm'"),
                Arguments.of("an acknowledgement of an unknown alarm type", scenario(events("{" + AT0
                                + ",'type':'ACKNOWLEDGE','alarm':'DISCONNECTED','instance':'i-web1','by':'Al'}")),
                        "$.events[0].alarm", "alarm 'DISCONNECTED' is not an alarm type"),
                Arguments.of("an acknowledgement of an unknown instance", scenario(events("{" + AT0
                                + ",'type':'ACKNOWLEDGE','alarm':'BACKUP_FAILED','instance':'i-nope','by':'Al'}")),
                        "$.events[0].instance", "instance i-nope does not exist"),
                Arguments.of("an acknowledgement by a name too long", scenario(events("{" + AT0
                                + ",'type':'ACKNOWLEDGE','alarm':'BACKUP_FAILED','instance':'i-web1','by':'" + "b".repeat(65) + "'}")),
                        "$.events[0].by", "must be 1 to 64 characters, not 65"),
                Arguments.of("an acknowledgement with an invalid job", scenario(events("{" + AT0
                                + ",'type':'ACKNOWLEDGE','alarm':'BACKUP_FAILED','instance':'i-web1','job':'','by':'Al'}")),
                        "$.events[0].job", "job '' must be 1 to 64 characters"),
                Arguments.of("a test naming both", scenario(events("{" + AT0
                                + ",'type':'TEST_NOTIFICATION','instance':'i-web1','contact':'c-alice'}")),
                        "$.events[0]", "a TEST_NOTIFICATION names an instance or a contact, not both"),
                Arguments.of("a test naming neither", scenario(events("{" + AT0 + ",'type':'TEST_NOTIFICATION'}")),
                        "$.events[0]", "a TEST_NOTIFICATION needs an instance or a contact (both are absent)"),
                Arguments.of("a test of an unknown contact", scenario(events("{" + AT0
                                + ",'type':'TEST_NOTIFICATION','contact':'c-alic'}")),
                        "$.events[0].contact", "contact c-alic does not exist; did you mean 'c-alice'?"),
                Arguments.of("a test of an unknown instance", scenario(events("{" + AT0
                                + ",'type':'TEST_NOTIFICATION','instance':'i-nope'}")),
                        "$.events[0].instance", "instance i-nope does not exist"),
                Arguments.of("a test with a job", scenario(events("{" + AT0
                                + ",'type':'TEST_NOTIFICATION','instance':'i-web1','job':'x'}")),
                        "$.events[0].job", "unknown field 'job' in a TEST_NOTIFICATION event"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    @DisplayName("rejects invalid quiet settings and actions, naming where and what")
    void rejects(String description, String content, String location, String fragment) {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> read(content));

        assertThat(e).as(description).isNotNull();
        assertThat(e.problems()).as(description).anySatisfy(problem -> {
            assertThat(problem.path()).isEqualTo(location);
            assertThat(problem.message()).contains(fragment);
        });
    }

    @Test
    @DisplayName("an invalid silence still counts as created: its expiry is not reported a second time")
    void noCascade() {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> read(scenario(events(
                "{" + AT0 + ",'type':'SILENCE','id':'s-1','account':'acct-9','ends':'2026-01-01T02:00:00Z'}",
                "{" + AT1 + ",'type':'EXPIRE_SILENCE','id':'s-1'}"))));

        assertThat(e.problems()).extracting(Problem::path).containsExactly("$.events[0].account");
    }

    @Test
    @DisplayName("the unknown-type message lists every event type, the operator actions included")
    void unknownType() {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> read(scenario(events(
                "{" + AT0 + ",'type':'MUTE','instance':'i-web1'}"))));

        assertThat(e.problems()).extracting(Object::toString).containsExactly("$.events[0].type: unknown event type 'MUTE'"
                + " (expected one of CLIENT_DISCONNECTED, CLIENT_CONNECTED, BACKUP_FAILED, BACKUP_SUCCEEDED,"
                + " SET_INSTANCE_POLICY, SET_VAULT_POLICY, SILENCE, EXPIRE_SILENCE, ACKNOWLEDGE, TEST_NOTIFICATION)");
    }
}
